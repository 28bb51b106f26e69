package dev.systemauth.autoconfigure.event;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

import dev.systemauth.core.audit.AuditEvent;

/**
 * An audit event of the library (a sign-in, a refresh, a session ended, a denied request, …), published
 * once it has happened: after the commit of the transaction that recorded it. Subscribe with
 * {@code @EventListener}, for example to feed a SIEM or to mail a user about a new sign-in. It never
 * carries a password, token, code or a hash of one.
 */
public class AuthAuditEvent extends ApplicationEvent {

	private final AuditEvent event;

	public AuthAuditEvent(AuditEvent event) {
		super(event);
		this.event = event;
	}

	/** The event as the library records it in {@code audit_logs}. */
	public AuditEvent getAuditEvent() {
		return this.event;
	}

	/** The event type, as stored in {@code audit_logs.event_type}, for example {@code login}. */
	public String getType() {
		return this.event.type();
	}

	/** {@code success}, {@code failure} or {@code denied}. */
	public String getOutcome() {
		return this.event.outcome().value();
	}

	public @Nullable UUID getUserId() {
		return this.event.userId();
	}

	public @Nullable UUID getWorkspaceId() {
		return this.event.workspaceId();
	}

	/** The client IP, as resolved for audit rows. */
	public @Nullable String getIpAddress() {
		return this.event.client().ip();
	}

	public @Nullable String getUserAgent() {
		return this.event.client().userAgent();
	}

	/** Extra non-secret facts: a reason, a path, target ids. */
	public Map<String, String> getDetails() {
		return this.event.details();
	}

	@Override
	public String toString() {
		return "AuthAuditEvent[type=" + getType() + ", outcome=" + getOutcome() + ", userId=" + getUserId()
				+ ", workspaceId=" + getWorkspaceId() + "]";
	}

}
