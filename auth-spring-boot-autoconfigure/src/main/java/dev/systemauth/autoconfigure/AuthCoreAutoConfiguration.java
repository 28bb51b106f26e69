package dev.systemauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.systemauth.autoconfigure.health.AuthHealthIndicator;
import dev.systemauth.autoconfigure.metrics.AuthAccessMetrics;
import dev.systemauth.autoconfigure.metrics.AuthMetrics;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.tenant.MembershipCache;

/**
 * Wires the core services onto the database and maps {@code auth.*} onto core settings. Every bean
 * backs off when the application defines its own. The beans are grouped by concern in the imported
 * configurations: {@link AuthDatabaseConfiguration} (data source, migrations, {@link AuthDatabase}),
 * {@link AuthAuditConfiguration}, {@link AuthAccountsConfiguration} (users, workspaces, provisioning),
 * {@link AuthTokensConfiguration} (tokens, sessions, abuse guard), {@link AuthPasswordConfiguration},
 * {@link AuthMailConfiguration}, {@link AuthMembershipCacheConfiguration} and {@link ClassicFlowsConfiguration}
 * (one bean per flow).
 * <p>
 * {@link DatabaseInitializationDependencyConfigurer} orders every bean that depends on database
 * initialization after the migrations (see {@link AuthMigrationsDatabaseInitializerDetector}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration" })
@ConditionalOnClass(AuthDatabase.class)
@EnableConfigurationProperties(AuthProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, AuthDatabaseConfiguration.class,
		AuthAuditConfiguration.class, AuthAccountsConfiguration.class, AuthTokensConfiguration.class,
		AuthPasswordConfiguration.class, AuthMailConfiguration.class, AuthMembershipCacheConfiguration.class,
		ClassicFlowsConfiguration.class, AuthInvitationsConfiguration.class, AuthCleanupConfiguration.class })
public final class AuthCoreAutoConfiguration {

	/**
	 * Validates the properties here rather than in a replaceable bean, so that a host defining its own
	 * {@link AuthDataSource} (or any other bean) still gets the fail-fast checks.
	 */
	AuthCoreAutoConfiguration(AuthProperties properties) {
		AuthPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock authClock() {
		return Clock.systemUTC();
	}

	/**
	 * With Micrometer, the starter's meters: audit events by type and outcome, protected-request checks by
	 * outcome, the hashing queue, the cache.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthMetrics authMetrics(ObjectProvider<PasswordHasher> passwordHasher, ObjectProvider<MembershipCache> cache) {
			return new AuthMetrics(passwordHasher, cache);
		}

		/** The {@code auth.access} timer, told of every protected request's check by the web layer. */
		@Bean
		@ConditionalOnMissingBean
		AuthAccessMetrics authAccessMetrics() {
			return new AuthAccessMetrics();
		}

	}

	/** With Spring Boot's health support, {@code /actuator/health} reports the auth database and listener. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("auth")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "authHealthIndicator")
		AuthHealthIndicator authHealthIndicator(AuthDatabase database, ObjectProvider<MembershipCache> cache) {
			return new AuthHealthIndicator(database, cache.getIfAvailable());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ClassicSettings authClassicSettings(AuthProperties properties) {
		AuthProperties.Classic classic = properties.getClassic();
		return new ClassicSettings(classic.isRequireEmailVerification(), classic.getEmailVerification(),
				classic.getVerificationCodeLength(), classic.getVerificationTokenTtl(),
				classic.getVerificationMaxAttempts(), classic.getResetPasswordTtl(), classic.getMagicLinkTtl());
	}

}
