package dev.systemauth.core.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.RefreshTokenStore.SessionOwner;
import dev.systemauth.core.token.TokenHasher;

/**
 * The ending side of {@link SessionService}: each way a session ends marks its row, the rows of the sessions
 * started from it, and their refresh tokens, in one transaction, and tells the {@link SessionEndListener}.
 * Every writer locks a session's row before its tokens' rows.
 */
final class SessionEnds {

	private final AuthDatabase database;

	private final RefreshTokenStore store;

	private final SessionStore sessions;

	private final SessionEndListener endListener;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final Clock clock;

	SessionEnds(AuthDatabase database, RefreshTokenStore store, SessionStore sessions, SessionEndListener endListener,
			TokenHasher hasher, AuditLog auditLog, Clock clock) {
		this.database = database;
		this.store = store;
		this.sessions = sessions;
		this.endListener = endListener;
		this.hasher = hasher;
		this.auditLog = auditLog;
		this.clock = clock;
	}

	/** See {@link SessionService#logout}. */
	Optional<SessionOwner> logout(String presented, ClientInfo client) {
		if (presented == null || presented.isEmpty() || presented.length() > RefreshRotation.MAX_TOKEN_LENGTH) {
			return Optional.empty();
		}
		String[] hashes = this.hasher.candidates(presented);
		return this.database.inTransaction(() -> {
			Optional<SessionOwner> owner = this.store.find(hashes)
				.map((token) -> new SessionOwner(token.userId(), token.workspaceId(), token.familyId()));
			owner.ifPresent((o) -> {
				end(o.sessionId(), "logout");
				this.auditLog.record(AuditEvent.success(AuditEventType.LOGOUT, o.workspaceId(), o.userId(), client));
			});
			return owner;
		});
	}

	/** See {@link SessionService#end}. */
	List<UUID> end(UUID sessionId, String reason) {
		return this.database.inTransaction(() -> endLocked(sessionId, reason, this.clock.instant()));
	}

	/** See {@link SessionService#endOwned}. */
	boolean endOwned(UUID userId, UUID sessionId, ClientInfo client) {
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			List<UUID> ended = new ArrayList<>(this.sessions.endOwned(sessionId, userId, "revoked_by_user", now));
			if (ended.isEmpty()) {
				return false;
			}
			ended.addAll(this.sessions.endDescendants(ended, "parent_ended", now));
			this.store.revokeFamilies(ended, "session_ended", now);
			this.auditLog.record(AuditEvent.of(AuditEventType.SESSION_REVOKED, AuditEvent.Outcome.SUCCESS, null,
					userId, client, Map.of("sessionId", sessionId.toString(), "ended", Integer.toString(ended.size()))));
			this.endListener.sessionsEnded(ended);
			return true;
		});
	}

	/** See {@link SessionService#revokeAll}. */
	int revokeAll(UUID userId, String reason) {
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			List<UUID> ended = this.sessions.endAllOf(userId, reason, now);
			this.store.revokeFamilies(ended, reason, now);
			this.endListener.sessionsEnded(ended);
			return ended.size();
		});
	}

	/** See {@link SessionService#endAll}. */
	int endAll(UUID userId, ClientInfo client) {
		return this.database.inTransaction(() -> {
			int ended = revokeAll(userId, "logout_all");
			this.auditLog.record(AuditEvent.of(AuditEventType.LOGOUT_ALL, AuditEvent.Outcome.SUCCESS, null, userId,
					client, Map.of("ended", Integer.toString(ended))));
			return ended;
		});
	}

	/** Ends a session and its descendants; the caller's transaction holds (or takes) the session's lock. */
	List<UUID> endLocked(UUID sessionId, String reason, Instant now) {
		List<UUID> ended = new ArrayList<>(this.sessions.end(sessionId, reason, now));
		ended.addAll(this.sessions.endDescendants(List.of(sessionId), "parent_ended", now));
		this.store.revokeFamilies(ended, reason, now);
		this.endListener.sessionsEnded(ended);
		return ended;
	}

}
