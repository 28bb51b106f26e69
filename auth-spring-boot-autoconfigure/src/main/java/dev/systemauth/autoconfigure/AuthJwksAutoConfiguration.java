package dev.systemauth.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.DispatcherServlet;

import dev.systemauth.autoconfigure.web.JwksController;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.jwk.SigningAlgorithm;

/**
 * The published keys: {@code {base}/.well-known/jwks.json} and {@code {base}/.well-known/openid-configuration},
 * only when {@code auth.jwt.algorithm} is asymmetric (EdDSA, ES256, RS256). With HS256 there is nothing to
 * publish and both routes do not exist.
 */
@AutoConfiguration(after = AuthCoreAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(AccessTokenService.class)
@Conditional(AuthJwksAutoConfiguration.OnAsymmetricSigningCondition.class)
public final class AuthJwksAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwksController jwksController(AccessTokenService accessTokens, AuthProperties properties) {
		return new JwksController(accessTokens.keys(), properties.getJwt().getIssuer(),
				properties.getWeb().getBasePath(), properties.getJwt().getJwkSetMaxAge());
	}

	/** Matches when {@code auth.jwt.algorithm} names an asymmetric algorithm. */
	static class OnAsymmetricSigningCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			SigningAlgorithm algorithm = Binder.get(context.getEnvironment())
				.bind("auth.jwt.algorithm", SigningAlgorithm.class)
				.orElse(SigningAlgorithm.HS256);
			return algorithm.isAsymmetric()
					? ConditionOutcome.match("auth.jwt.algorithm is " + algorithm.jwsName())
					: ConditionOutcome.noMatch("auth.jwt.algorithm is HS256: no keys to publish");
		}

	}

}
