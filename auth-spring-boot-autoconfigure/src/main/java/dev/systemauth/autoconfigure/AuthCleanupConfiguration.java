package dev.systemauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.cleanup.ExpiredRowsCleanup;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The periodic cleanup ({@code auth.cleanup.enabled}, on by default): every {@code auth.cleanup.interval},
 * expired single-use rows and throttle counters untouched for longer than every throttle window (and at
 * least a day) are deleted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "auth.cleanup.enabled", matchIfMissing = true)
class AuthCleanupConfiguration {

	private static final Duration MIN_THROTTLE_RETENTION = Duration.ofDays(1);

	@Bean
	@ConditionalOnMissingBean
	ExpiredRowsCleanup authExpiredRowsCleanup(AuthDatabase database, AuthProperties properties, Clock clock) {
		return new ExpiredRowsCleanup(database, throttleRetention(properties), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	ExpiredRowsCleanupScheduler authExpiredRowsCleanupScheduler(ExpiredRowsCleanup cleanup,
			AuthProperties properties) {
		return new ExpiredRowsCleanupScheduler(cleanup, properties.getCleanup().getInterval());
	}

	/** Longer than every window a counter can be hit in, so that no limit forgets a hit within its window. */
	static Duration throttleRetention(AuthProperties properties) {
		AuthProperties.Throttle throttle = properties.getThrottle();
		return Stream
			.of(MIN_THROTTLE_RETENTION, throttle.getAccountWindow(), throttle.getIpWindow(), throttle.getEmailWindow(),
					properties.getInvitations().getLimitWindow())
			.max(Duration::compareTo)
			.orElseThrow();
	}

}
