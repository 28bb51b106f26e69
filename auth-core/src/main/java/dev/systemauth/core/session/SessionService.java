package dev.systemauth.core.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.RefreshTokenStore.SessionOwner;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * The session hub. Sessions are the unit of trust: every way in (password, magic link, signup, workspace
 * switch, and later an identity provider or a second factor) authenticates the user and then ends in
 * {@link #start}, which records the session (a {@code sessions} row with the client's IP and user agent), its
 * first refresh token and an access token carrying its id ({@code sid}) in one statement, with the audit row
 * of the way in when the flow hands it over (else the flow writes it in the same transaction). Refreshing goes
 * through {@link #refresh} (rotation, reuse detection and grace live in {@code RefreshRotation}); ending a
 * session is one call ({@link #logout}, {@link #end}, {@link #endOwned}, {@link #endAll}, {@link #revokeAll};
 * in {@code SessionEnds}), which ends all of its tokens at once and the sessions started from it by a
 * workspace switch ({@link #startFrom}).
 * <p>
 * Ending a session marks its row, the rows of the sessions started from it, and their refresh tokens, in one
 * transaction; the database then notifies every instance ({@code sid:<id>}), and the {@link SessionEndListener}
 * hears of it on this instance at once, so that the session's access tokens are refused everywhere long
 * before they expire.
 */
public final class SessionService {

	private final AuthDatabase database;

	private final AccessTokenService accessTokens;

	private final SessionStore sessions;

	private final TokenHasher hasher;

	private final Duration refreshTtl;

	private final RefreshRotation rotation;

	private final SessionEnds ends;

	private final AuditLog auditLog;

	private final Clock clock;

	public SessionService(AuthDatabase database, AccessTokenService accessTokens, RefreshTokenStore store,
			TokenHasher hasher, String refreshSecret, Duration refreshTtl, Duration reuseGrace, AuditLog auditLog,
			Clock clock) {
		this(database, accessTokens, store, hasher, refreshSecret, refreshTtl, reuseGrace, auditLog, clock,
				SessionEndListener.NONE);
	}

	/**
	 * Creates the session service.
	 * @param endListener told on this instance of every session it ends (the membership cache's ended-session
	 * set)
	 */
	public SessionService(AuthDatabase database, AccessTokenService accessTokens, RefreshTokenStore store,
			TokenHasher hasher, String refreshSecret, Duration refreshTtl, Duration reuseGrace, AuditLog auditLog,
			Clock clock, SessionEndListener endListener) {
		this.database = database;
		this.accessTokens = accessTokens;
		this.sessions = new SessionStore(database);
		Objects.requireNonNull(endListener, "endListener must not be null");
		this.hasher = hasher;
		byte[] secret = refreshSecret.getBytes(StandardCharsets.UTF_8);
		if (secret.length < 32) {
			throw new IllegalArgumentException("refreshSecret must be at least 32 bytes");
		}
		if (refreshTtl == null || refreshTtl.isZero() || refreshTtl.isNegative()) {
			throw new IllegalArgumentException("refreshTtl must be positive");
		}
		this.refreshTtl = refreshTtl;
		if (reuseGrace == null || reuseGrace.isNegative()) {
			throw new IllegalArgumentException("reuseGrace must not be negative");
		}
		this.auditLog = auditLog;
		this.clock = clock;
		this.ends = new SessionEnds(database, store, this.sessions, endListener, hasher, auditLog, clock);
		this.rotation = new RefreshRotation(database, store, this.sessions, hasher, secret, refreshTtl, reuseGrace,
				auditLog, clock, this::pair, this.ends::endLocked);
	}

	public AccessTokenService accessTokens() {
		return this.accessTokens;
	}

	/** Starts a session for a server-side caller. Joins the caller's transaction. */
	public TokenPair start(UUID userId, UUID workspaceId) {
		return start(userId, workspaceId, ClientInfo.SERVER);
	}

	/**
	 * Starts a session: its row (recording the client), its first refresh token, and an access token carrying
	 * its id, in one statement. Joins the caller's transaction, if any.
	 */
	public TokenPair start(UUID userId, UUID workspaceId, ClientInfo client) {
		return start(userId, workspaceId, client, null, ThrottleSettlement.NONE);
	}

	/**
	 * Starts a session and writes, in the same single statement, the audit row that says how the user came in
	 * and the settling of the throttle counters the sign-in reserved: a sign-in costs one write round trip.
	 * Joins the caller's transaction, if any.
	 * @param client the device, recorded on the session
	 * @param audit the audit row of the way in, or {@code null} when the caller writes its own
	 * @param settlement the throttle counters to settle
	 * @return the token pair
	 */
	public TokenPair start(UUID userId, UUID workspaceId, ClientInfo client, @Nullable AuditEvent audit,
			ThrottleSettlement settlement) {
		return insertSession(userId, workspaceId, null, client, audit, settlement);
	}

	/**
	 * Starts a session in another workspace from a live session of the same user (a workspace switch). The new
	 * session ends whenever the one it came from ends; the one it came from goes on. Joins the caller's
	 * transaction, and holds the parent against being ended until it commits, so that an end racing with the
	 * switch also ends the child.
	 * @param parentId the session the caller is signed in with
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when the parent is not a live session of the
	 * user
	 */
	public TokenPair startFrom(UUID parentId, UUID userId, UUID workspaceId, ClientInfo client) {
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			this.sessions.lockLive(parentId)
				.filter((parent) -> parent.userId().equals(userId) && parent.isLive(now))
				.orElseThrow(SessionService::sessionEnded);
			return insertSession(userId, workspaceId, parentId, client, null, ThrottleSettlement.NONE);
		});
	}

	private TokenPair insertSession(UUID userId, UUID workspaceId, @Nullable UUID parentId, ClientInfo client,
			@Nullable AuditEvent audit, ThrottleSettlement settlement) {
		String refreshToken = SecureTokens.newToken();
		UUID sessionId = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.sessions.start(sessionId, userId, workspaceId, parentId, now, now.plus(this.refreshTtl), client,
				UUID.randomUUID(), this.hasher.hash(refreshToken), audit, settlement);
		if (audit != null) {
			this.auditLog.announce(audit);
		}
		return pair(userId, workspaceId, sessionId, refreshToken);
	}

	/**
	 * Rotates a refresh token: the session goes on with a new pair. When the token is active and unexpired and
	 * both the session's membership and its user are active in the database, the token is rotated in one
	 * statement without consulting {@code membership}; otherwise the transactional path decides, and asks
	 * {@code membership}.
	 * @param membership the check that the session's user is still an active member of its workspace, for
	 * sessions that the database does not show as active
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired, revoked or reused
	 * token; {@link AuthErrorCode#MEMBERSHIP_INACTIVE} when the membership ended
	 */
	public TokenPair refresh(String presented, MembershipCheck membership, ClientInfo client) {
		return this.rotation.refresh(presented, membership, client);
	}

	/**
	 * Ends the session of a refresh token (logout), and the sessions started from it, audited. Unknown tokens
	 * are ignored.
	 * @return the session's owner, when the token was known
	 */
	public Optional<SessionOwner> logout(String presented, ClientInfo client) {
		return this.ends.logout(presented, client);
	}

	/**
	 * Ends a session and every session started from it: their refresh tokens stop working, and so do their
	 * access tokens, on every instance. Joins the caller's transaction.
	 * @param reason why, recorded on the rows
	 * @return the ids of the sessions ended now
	 */
	public List<UUID> end(UUID sessionId, String reason) {
		return this.ends.end(sessionId, reason);
	}

	/**
	 * Ends one of a user's own live sessions (and those started from it), as the sessions list offers, audited.
	 * @return false when the id is not a live session of this user
	 */
	public boolean endOwned(UUID userId, UUID sessionId, ClientInfo client) {
		return this.ends.endOwned(userId, sessionId, client);
	}

	/**
	 * Ends every session of a user (password reset, account claimed, account disabled). Joins the caller's
	 * transaction; the caller audits why.
	 * @return how many sessions ended
	 */
	public int revokeAll(UUID userId, String reason) {
		return this.ends.revokeAll(userId, reason);
	}

	/**
	 * Ends every session of a user at their own request (logout everywhere), audited.
	 * @return how many sessions ended
	 */
	public int endAll(UUID userId, ClientInfo client) {
		return this.ends.endAll(userId, client);
	}

	/**
	 * The live sessions of a user, most recently used first.
	 * @param userId the user
	 * @return the sessions
	 */
	public List<SessionRecord> liveSessions(UUID userId) {
		return this.sessions.liveOf(userId, this.clock.instant());
	}

	/**
	 * Whether a session of this user has not ended, asked of the database.
	 */
	public boolean isLive(UUID sessionId, UUID userId) {
		return this.sessions.isLive(sessionId, userId);
	}

	private TokenPair pair(UUID userId, UUID workspaceId, UUID sessionId, String refreshToken) {
		return new TokenPair(this.accessTokens.issue(userId, workspaceId, sessionId), refreshToken,
				this.accessTokens.ttl().toSeconds(), userId, workspaceId, sessionId);
	}

	private static AuthException sessionEnded() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The session has ended.");
	}

	/**
	 * Whether a user is still an active member of a workspace.
	 */
	@FunctionalInterface
	public interface MembershipCheck {

		boolean isActive(UUID userId, UUID workspaceId);

	}

}
