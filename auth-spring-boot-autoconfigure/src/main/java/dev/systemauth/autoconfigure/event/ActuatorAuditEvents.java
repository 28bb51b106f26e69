package dev.systemauth.autoconfigure.event;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventListener;

/**
 * Publishes each audit event as Actuator's {@link AuditApplicationEvent}, so that it reaches the host's
 * {@code AuditEventRepository} (and {@code /actuator/auditevents}). The principal is the user id, or
 * {@code anonymous}; the type is {@code AUTH_} and the event type upper-cased (for example
 * {@code AUTH_LOGIN}); the data holds the outcome, the workspace, the client and the details.
 */
public final class ActuatorAuditEvents implements AuditEventListener {

	private final ApplicationEventPublisher publisher;

	public ActuatorAuditEvents(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onAuditEvent(AuditEvent event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("outcome", event.outcome().value());
		if (event.workspaceId() != null) {
			data.put("workspaceId", event.workspaceId().toString());
		}
		if (event.client().ip() != null) {
			data.put("remoteAddress", event.client().ip());
		}
		data.putAll(event.details());
		String principal = (event.userId() != null) ? event.userId().toString() : "anonymous";
		this.publisher.publishEvent(new AuditApplicationEvent(principal,
				"AUTH_" + event.type().toUpperCase(java.util.Locale.ROOT), data));
	}

}
