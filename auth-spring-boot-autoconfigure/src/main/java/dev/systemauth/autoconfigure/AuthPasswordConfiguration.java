package dev.systemauth.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.password.CompromisedPasswordChecker;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.systemauth.core.password.BoundedPasswordHasher;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.password.PasswordPolicy;

/**
 * Passwords: the hasher (bcrypt, or the host's {@link PasswordEncoder}, on a bounded executor) and the policy
 * (length, context words, and a breach check when enabled or when the host defines a
 * {@link CompromisedPasswordChecker}).
 */
@Configuration(proxyBeanMethods = false)
class AuthPasswordConfiguration {

	/**
	 * bcrypt at {@code auth.password.bcrypt-cost}, or the host's {@link PasswordEncoder} bean when there is one,
	 * in both cases on the bounded hashing executor.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	PasswordHasher authPasswordHasher(AuthProperties properties, ObjectProvider<PasswordEncoder> passwordEncoder) {
		AuthProperties.Password password = properties.getPassword();
		int threads = (password.getHashingThreads() > 0) ? password.getHashingThreads()
				: PasswordHashingExecutor.defaultThreads();
		PasswordHashingExecutor executor = new PasswordHashingExecutor(threads, password.getHashingQueue());
		PasswordEncoder encoder = passwordEncoder.getIfUnique();
		return (encoder != null) ? new BoundedPasswordHasher(encoder, executor)
				: new BoundedPasswordHasher(password.getBcryptCost(), executor);
	}

	@Bean
	@ConditionalOnMissingBean
	PasswordPolicy authPasswordPolicy(AuthProperties properties,
			ObjectProvider<CompromisedPasswordChecker> compromisedPasswordChecker) {
		PasswordPolicy policy = PasswordPolicy.withMinLength(properties.getClassic().getPasswordMinLength())
			.withContextWords(List.of(properties.getMail().getApplicationName()));
		CompromisedPasswordChecker checker = compromisedPasswordChecker.getIfUnique();
		return (checker != null) ? policy.withCompromisedPasswordChecker(checker,
				properties.getPassword().getBreachCheck().getOnError()) : policy;
	}

	/**
	 * Spring Security's Have I Been Pwned client, when {@code auth.password.breach-check.enabled}; a host's own
	 * {@link CompromisedPasswordChecker} bean replaces it (and is used even when the check is not enabled).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { PwnedPasswordsChecker.SPRING_SECURITY_CHECKER,
			"org.springframework.web.client.RestClient" })
	@ConditionalOnBooleanProperty(name = "auth.password.breach-check.enabled")
	static class BreachCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean(CompromisedPasswordChecker.class)
		CompromisedPasswordChecker authCompromisedPasswordChecker(AuthProperties properties) {
			AuthProperties.Password.BreachCheck breachCheck = properties.getPassword().getBreachCheck();
			return PwnedPasswordsChecker.create(breachCheck.getApiUrl(), breachCheck.getTimeout());
		}

	}

	/** Fails start-up when the breach check is enabled but its client is not on the classpath. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(PwnedPasswordsChecker.SPRING_SECURITY_CHECKER)
	@ConditionalOnBooleanProperty(name = "auth.password.breach-check.enabled")
	static class BreachCheckMissingConfiguration {

		BreachCheckMissingConfiguration() {
			throw new InvalidConfigurationPropertyValueException("auth.password.breach-check.enabled", true,
					"needs spring-security-web (HaveIBeenPwnedRestApiPasswordChecker) on the classpath");
		}

	}

}
