package dev.systemauth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.systemauth.core.cleanup.ExpiredRowsCleanup;
import dev.systemauth.core.identity.AuthorizationRequest;
import dev.systemauth.core.identity.AuthorizationStore;
import dev.systemauth.core.jdbc.AuthDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbc;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.cleanup.*}: on by default every ten minutes, off on request, and a running context deleting an
 * expired row on schedule while keeping the live one.
 */
class AuthCleanupConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void propertiesWhenDefaultsThenEnabledEveryTenMinutes() {
		AuthProperties.Cleanup cleanup = new AuthProperties().getCleanup();
		assertThat(cleanup.isEnabled()).isTrue();
		assertThat(cleanup.getInterval()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void contextWhenDefaultsThenCleanupScheduled() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ExpiredRowsCleanup.class);
			assertThat(context.getBean(ExpiredRowsCleanupScheduler.class).isRunning()).isTrue();
		});
	}

	@Test
	void contextWhenDisabledThenNoCleanup() {
		this.contextRunner.withPropertyValues("auth.cleanup.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ExpiredRowsCleanup.class)
				.doesNotHaveBean(ExpiredRowsCleanupScheduler.class));
	}

	@Test
	void contextWhenIntervalZeroThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("auth.cleanup.interval=0s")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.cleanup.interval")));
	}

	@Test
	void throttleRetentionWhenWindowsShortThenADayAndWhenLongerThenTheLongestWindow() {
		AuthProperties properties = new AuthProperties();
		assertThat(AuthCleanupConfiguration.throttleRetention(properties)).isEqualTo(Duration.ofDays(1));
		properties.getInvitations().setLimitWindow(Duration.ofDays(2));
		properties.getThrottle().setEmailWindow(Duration.ofDays(3));
		assertThat(AuthCleanupConfiguration.throttleRetention(properties)).isEqualTo(Duration.ofDays(3));
	}

	@Test
	void contextWhenRunningThenExpiredRowDeletedOnScheduleAndLiveRowKept() {
		this.contextRunner.withPropertyValues("auth.cleanup.interval=100ms").run((context) -> {
			assertThat(context).hasNotFailed();
			AuthorizationStore store = new AuthorizationStore(context.getBean(AuthDatabase.class));
			Instant now = Instant.now();
			URI redirect = URI.create("https://app.example.test/auth/oauth/sso/callback");
			store.insert("sso", new AuthorizationRequest("cleanup-expired-state", "cleanup-expired-nonce", "v1", redirect), "b1", null,
					now.minusSeconds(900), now.minusSeconds(60));
			store.insert("sso", new AuthorizationRequest("cleanup-live-state", "cleanup-live-nonce", "v2", redirect), "b2", null, now,
					now.plusSeconds(600));
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (count("cleanup-expired-nonce") > 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(count("cleanup-expired-nonce")).isZero();
			assertThat(count("cleanup-live-nonce")).isEqualTo(1);
		});
	}

	private static long count(String nonce) {
		return jdbc(database.get())
			.sql("SELECT count(*) FROM auth.oauth_authorizations WHERE nonce = ?")
			.param(nonce)
			.query(Long.class)
			.single();
	}

}
