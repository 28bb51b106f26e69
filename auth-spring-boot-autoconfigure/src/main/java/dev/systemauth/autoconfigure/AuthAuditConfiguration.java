package dev.systemauth.autoconfigure;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.autoconfigure.event.ActuatorAuditEvents;
import dev.systemauth.autoconfigure.event.AuthAuditEvent;
import dev.systemauth.core.audit.AuditEventListener;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The audit log and where its events go: {@link AuthAuditEvent} application events, and Actuator's
 * {@code AuditEventRepository} when Actuator is present.
 */
@Configuration(proxyBeanMethods = false)
class AuthAuditConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuditLog authAuditLog(AuthDatabase database, Clock clock, ObjectProvider<AuditEventListener> listeners) {
		List<AuditEventListener> all = listeners.orderedStream().toList();
		AuditEventListener listener = all.isEmpty() ? AuditEventListener.NONE
				: (event) -> all.forEach((each) -> each.onAuditEvent(event));
		return new AuditLog(database, clock, listener);
	}

	/** Every audit event becomes an {@link AuthAuditEvent} that hosts receive with {@code @EventListener}. */
	@Bean
	@ConditionalOnMissingBean(name = "authApplicationEvents")
	AuditEventListener authApplicationEvents(ApplicationEventPublisher publisher) {
		return (event) -> publisher.publishEvent(new AuthAuditEvent(event));
	}

	/** With Actuator, every audit event also reaches the host's {@code AuditEventRepository}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.audit.listener.AuditApplicationEvent")
	static class ActuatorAuditConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ActuatorAuditEvents authActuatorAuditEvents(ApplicationEventPublisher publisher) {
			return new ActuatorAuditEvents(publisher);
		}

	}

}
