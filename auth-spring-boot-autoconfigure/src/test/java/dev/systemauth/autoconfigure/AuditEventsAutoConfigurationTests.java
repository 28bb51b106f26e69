package dev.systemauth.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import dev.systemauth.autoconfigure.event.ActuatorAuditEvents;
import dev.systemauth.autoconfigure.event.AuthAuditEvent;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every audit event reaches the host as an {@link AuthAuditEvent} once it has happened (issue 11), and, with
 * Actuator, as an {@link AuditApplicationEvent}; an event of a transaction that rolls back never does.
 */
class AuditEventsAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
		.withPropertyValues(VALID_PROPERTIES)
		.withPropertyValues("auth.membership-cache.enabled=false")
		.withBean(DataSource.class, database::hostDataSource)
		.withBean(Received.class, Received::new);


	@Test
	void recordWhenOutsideTransactionThenApplicationEventWithTheEventsFacts() {
		this.contextRunner.run((context) -> {
			UUID userId = UUID.randomUUID();
			context.getBean(AuditLog.class)
				.record(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.FAILURE, null, userId,
						new ClientInfo("198.51.100.7", "JUnit"), Map.of("reason", "invalid_credentials")));
			List<AuthAuditEvent> events = context.getBean(Received.class).events;
			assertThat(events).hasSize(1);
			AuthAuditEvent event = events.get(0);
			assertThat(event.getType()).isEqualTo("login");
			assertThat(event.getOutcome()).isEqualTo("failure");
			assertThat(event.getUserId()).isEqualTo(userId);
			assertThat(event.getIpAddress()).isEqualTo("198.51.100.7");
			assertThat(event.getDetails()).containsEntry("reason", "invalid_credentials");
		});
	}

	@Test
	void recordWhenTransactionCommitsThenPublishedAfterCommitAndNeverOnRollback() {
		this.contextRunner.run((context) -> {
			AuthDatabase authDatabase = context.getBean(AuthDatabase.class);
			AuditLog auditLog = context.getBean(AuditLog.class);
			List<AuthAuditEvent> events = context.getBean(Received.class).events;
			authDatabase.inTransaction(() -> {
				auditLog.record(AuditEvent.success(AuditEventType.LOGOUT, null, UUID.randomUUID(), ClientInfo.SERVER));
				assertThat(events).as("published before the commit").isEmpty();
			});
			assertThat(events).hasSize(1);
			try {
				authDatabase.inTransaction(() -> {
					auditLog.record(AuditEvent.success(AuditEventType.LOGOUT, null, UUID.randomUUID(), ClientInfo.SERVER));
					throw new IllegalStateException("roll back");
				});
			}
			catch (IllegalStateException expected) {
				// rolled back
			}
			assertThat(events).as("an event of a rolled-back transaction").hasSize(1);
		});
	}

	@Test
	void recordWhenActuatorPresentThenAlsoAnAuditApplicationEvent() {
		this.contextRunner.withBean(ActuatorReceived.class, ActuatorReceived::new).run((context) -> {
			assertThat(context).hasSingleBean(ActuatorAuditEvents.class);
			UUID userId = UUID.randomUUID();
			context.getBean(AuditLog.class)
				.record(AuditEvent.success(AuditEventType.LOGIN, UUID.randomUUID(), userId, ClientInfo.SERVER));
			List<AuditApplicationEvent> events = context.getBean(ActuatorReceived.class).events;
			assertThat(events).hasSize(1);
			assertThat(events.get(0).getAuditEvent().getPrincipal()).isEqualTo(userId.toString());
			assertThat(events.get(0).getAuditEvent().getType()).isEqualTo("AUTH_LOGIN");
			assertThat(events.get(0).getAuditEvent().getData()).containsEntry("outcome", "success");
		});
	}

	@Test
	void contextWhenActuatorAbsentThenOnlyTheApplicationEvent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AuditApplicationEvent.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ActuatorAuditEvents.class);
			context.getBean(AuditLog.class)
				.record(AuditEvent.success(AuditEventType.LOGIN, null, UUID.randomUUID(), ClientInfo.SERVER));
			assertThat(context.getBean(Received.class).events).hasSize(1);
		});
	}

	static class Received implements ApplicationListener<AuthAuditEvent> {

		final List<AuthAuditEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(AuthAuditEvent event) {
			this.events.add(event);
		}

	}

	static class ActuatorReceived implements ApplicationListener<AuditApplicationEvent> {

		final List<AuditApplicationEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(AuditApplicationEvent event) {
			this.events.add(event);
		}

	}

}
