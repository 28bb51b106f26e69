package dev.systemauth.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.systemauth.autoconfigure.observation.AuthFlowObservationInterceptor;
import dev.systemauth.autoconfigure.observation.ProblemCodeAdvice;
import dev.systemauth.core.token.AccessTokenService;

/**
 * With Micrometer's {@link ObservationRegistry} (Boot's, which Actuator brings), each flow route is observed
 * as {@code auth.login}, {@code auth.signup}, {@code auth.refresh}, ... with the low-cardinality key
 * {@code outcome}; Boot's default handler turns them into timers. A host turns them off with
 * {@code management.observations.enable.auth=false}, or one of them by its name.
 */
@AutoConfiguration(after = AuthWebAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ObservationRegistry.class })
@ConditionalOnBean({ ObservationRegistry.class, AccessTokenService.class })
public final class AuthObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthFlowObservationInterceptor authFlowObservationInterceptor(ObservationRegistry registry,
			AuthProperties properties) {
		return new AuthFlowObservationInterceptor(registry, properties.getWeb().getBasePath());
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemCodeAdvice authProblemCodeAdvice() {
		return new ProblemCodeAdvice();
	}

	/** First of the interceptors, so that the observation encloses the others. */
	@Bean
	WebMvcConfigurer authObservationWebMvcConfigurer(AuthFlowObservationInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
			}

		};
	}

}
