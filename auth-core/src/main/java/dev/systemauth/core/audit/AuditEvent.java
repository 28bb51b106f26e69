package dev.systemauth.core.audit;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One security event. Never carries a password, token, code or a hash of one: {@code details} holds
 * only identifiers and reasons.
 *
 * @param type the event type, one of {@link AuditEventType}'s names
 * @param outcome what happened
 * @param workspaceId the workspace, when known
 * @param userId the user, when known
 * @param client where the request came from
 * @param details extra non-secret facts (reason, path, target ids)
 */
public record AuditEvent(String type, Outcome outcome, @Nullable UUID workspaceId, @Nullable UUID userId,
		ClientInfo client, Map<String, String> details) {

	public AuditEvent {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(outcome, "outcome must not be null");
		Objects.requireNonNull(client, "client must not be null");
		details = Map.copyOf(details);
	}

	public static AuditEvent success(AuditEventType type, @Nullable UUID workspaceId, @Nullable UUID userId,
			ClientInfo client) {
		return new AuditEvent(type.value(), Outcome.SUCCESS, workspaceId, userId, client, Map.of());
	}

	public static AuditEvent of(AuditEventType type, Outcome outcome, @Nullable UUID workspaceId,
			@Nullable UUID userId, ClientInfo client, Map<String, String> details) {
		return new AuditEvent(type.value(), outcome, workspaceId, userId, client, details);
	}

	/** The outcome of an audited event. */
	public enum Outcome {

		/** The action was carried out. */
		SUCCESS,
		/** The action failed (bad credentials, invalid token). */
		FAILURE,
		/** Access was refused (tenant mismatch, inactive membership). */
		DENIED;

		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
