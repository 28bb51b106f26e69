package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.systemauth.autoconfigure.health.AuthHealthIndicator;
import dev.systemauth.core.tenant.MembershipCache;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicator: UP with the listener's state while the database answers (a listener that cannot
 * serve is a detail, because the starter fails closed by itself), DOWN when the database does not.
 */
class AuthHealthIndicatorTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
		.withPropertyValues(VALID_PROPERTIES)
		.withBean(DataSource.class, database::hostDataSource);


	@Test
	void healthWhenDatabaseAnswersAndCacheServingThenUpWithTheListenerState() {
		this.contextRunner.run((context) -> {
			AuthHealthIndicator indicator = context.getBean(AuthHealthIndicator.class);
			MembershipCacheAutoConfigurationTests.awaitTrue(context.getBean(MembershipCache.class)::isServing,
					java.time.Duration.ofSeconds(15), "the cache serves");
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("database", "reachable");
			assertThat((String) health.getDetails().get("membershipCache")).startsWith("serving");
		});
	}

	@Test
	void healthWhenCacheDisabledThenUpAndSaysSo() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=false").run((context) -> {
			Health health = context.getBean(AuthHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat((String) health.getDetails().get("membershipCache")).startsWith("disabled");
		});
	}

	@Test
	void healthWhenDatabaseUnreachableThenDownWithoutSecrets() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
			.withPropertyValues(VALID_PROPERTIES)
			.withPropertyValues("auth.migrations.enabled=false", "auth.membership-cache.enabled=false",
					"auth.database.connection-string=postgres://auth:s3cret-password@127.0.0.1:1/none",
					"auth.database.connection-timeout=250ms")
			.run((context) -> {
				Health health = context.getBean(AuthHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.toString()).doesNotContain("s3cret-password");
			});
	}

	@Test
	void contextWhenHealthSupportAbsentOrIndicatorDisabledThenNoIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AuthHealthIndicator.class));
		this.contextRunner.withPropertyValues("management.health.auth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AuthHealthIndicator.class));
	}

}
