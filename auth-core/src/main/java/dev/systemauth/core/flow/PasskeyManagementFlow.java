package dev.systemauth.core.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * A user's own passkeys ({@code GET /auth/passkeys}, {@code DELETE /auth/passkeys/{passkeyId}}). Deleting a
 * passkey ends no session: sessions are ended through the sessions API.
 */
public final class PasskeyManagementFlow {

	private final AuthDatabase database;

	private final PasskeyStores stores;

	private final AuditLog auditLog;

	public PasskeyManagementFlow(AuthDatabase database, PasskeyStores stores, AuditLog auditLog) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.stores = Objects.requireNonNull(stores, "stores must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
	}

	/** The user's passkeys, oldest first, without key material. */
	public List<PasskeyRegistrationFlow.Passkey> list(UUID userId) {
		return PasskeyRegistrationFlow.Passkey.of(this.stores.credentials().listByUser(userId));
	}

	/**
	 * Deletes one of the user's passkeys, with its audit row.
	 * @throws AuthException {@link AuthErrorCode#NOT_FOUND} when the user has no passkey with this id
	 */
	public void delete(UUID userId, UUID passkeyId, ClientInfo client) {
		boolean deleted = this.database.inTransaction(() -> {
			if (!this.stores.credentials().delete(userId, passkeyId)) {
				return false;
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.PASSKEY_DELETED, AuditEvent.Outcome.SUCCESS, null, userId,
					client, Map.of("passkeyId", passkeyId.toString())));
			return true;
		});
		if (!deleted) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "No such passkey.");
		}
	}

}
