package dev.systemauth.autoconfigure;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.systemauth.autoconfigure.metrics.AuthAccessMetrics;
import dev.systemauth.autoconfigure.metrics.AuthMetrics;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipCache;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's Micrometer meters (issue 11): audit events counted by type and outcome, the hashing
 * executor and the membership cache as gauges; nothing when Micrometer is absent.
 */
class AuthMetricsTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
		.withPropertyValues(VALID_PROPERTIES)
		.withBean(DataSource.class, database::hostDataSource);


	@Test
	void metersWhenBoundThenEventsCountedByTypeAndOutcomeAndGaugesRead() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(AuthMetrics.class).bindTo(registry);
			AuditLog auditLog = context.getBean(AuditLog.class);
			auditLog.record(AuditEvent.success(AuditEventType.LOGIN, null, UUID.randomUUID(), ClientInfo.SERVER));
			auditLog.record(AuditEvent.success(AuditEventType.LOGIN, null, UUID.randomUUID(), ClientInfo.SERVER));
			auditLog.record(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.FAILURE, null, null,
					ClientInfo.SERVER, Map.of("reason", "invalid_credentials")));
			assertThat(registry.get("auth.events").tag("type", "login").tag("outcome", "success").counter().count())
				.isEqualTo(2);
			assertThat(registry.get("auth.events").tag("type", "login").tag("outcome", "failure").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("auth.password.hashing.queued").gauge().value()).isZero();
			assertThat(registry.get("auth.password.hashing.refused").functionCounter().count()).isZero();
			MembershipCacheAutoConfigurationTests.awaitTrue(context.getBean(MembershipCache.class)::isServing,
					java.time.Duration.ofSeconds(15), "the cache serves");
			assertThat(registry.get("auth.membership.listener.serving").gauge().value()).isEqualTo(1);
			assertThat(registry.get("auth.membership.cache.size").gauge().value()).isNotNegative();
			assertThat(registry.get("auth.sessions.ended.held").gauge().value()).isNotNegative();
		});
	}

	@Test
	void contextWhenMicrometerAbsentThenNoMeters() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthMetrics.class)
				.doesNotHaveBean(AuthAccessMetrics.class));
	}

}
