package dev.systemauth.core.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Changes a user's status the one way a host should: the {@code users} row and its
 * {@link AuditEventType#USER_STATUS_CHANGED} audit row in one transaction (joining the caller's, if any).
 * Leaving {@link UserStatus#ACTIVE} ends the user's sessions at once (a trigger on the table) and the
 * membership cache forgets the user.
 */
public final class UserStatusService {

	private final AuthDatabase database;

	private final UserStore users;

	private final AuditLog auditLog;

	private final Clock clock;

	public UserStatusService(AuthDatabase database, UserStore users, AuditLog auditLog, Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.users = Objects.requireNonNull(users, "users must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Sets a user's status and audits it, from the server side.
	 * @param userId the user
	 * @param status the new status
	 * @return whether the user exists (and was updated)
	 */
	public boolean changeStatus(UUID userId, UserStatus status) {
		return changeStatus(userId, status, ClientInfo.SERVER);
	}

	/**
	 * Sets a user's status and audits it; nothing is written when the user does not exist.
	 * @param userId the user
	 * @param status the new status
	 * @param client who asked, for the audit row
	 * @return whether the user exists (and was updated)
	 */
	public boolean changeStatus(UUID userId, UserStatus status, ClientInfo client) {
		Objects.requireNonNull(userId, "userId must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(client, "client must not be null");
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			if (!this.users.updateStatus(userId, status, now)) {
				return false;
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.USER_STATUS_CHANGED, AuditEvent.Outcome.SUCCESS, null,
					userId, client, Map.of("status", status.value())));
			return true;
		});
	}

}
