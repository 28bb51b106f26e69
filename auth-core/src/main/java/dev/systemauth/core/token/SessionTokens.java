package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionEndListener;
import dev.systemauth.core.session.SessionRecord;
import dev.systemauth.core.session.SessionStore;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.RefreshTokenStore.SessionOwner;

/**
 * Sessions, the unit of trust: every way in ends in {@link #start}, which records the session (a
 * {@code sessions} row), its first refresh token and an access token carrying its id ({@code sid}); refresh
 * rotation stays inside it; and {@link #end ending it} ends all of its tokens at once. A session started by a
 * workspace switch ({@link #startFrom}) ends with the session it came from.
 * <p>
 * Ending a session marks its row, the rows of the sessions started from it, and their refresh tokens, in one
 * transaction; the database then notifies every instance ({@code sid:<id>}), and the {@link SessionEndListener}
 * hears of it on this instance at once, so that the session's access tokens are refused everywhere long
 * before they expire. Every writer locks a session's row before its tokens' rows.
 * <p>
 * A refresh token is 256 random bits, stored only as a keyed hash. Each refresh revokes the presented token
 * and issues its successor in the same family, under a row lock, so that of many concurrent refreshes of one
 * token exactly one rotates it. Presenting a token that was already rotated is theft: the whole family is
 * revoked, the successor included, and the event is audited.
 * <p>
 * The common case, an active token of an active member, costs one statement in autocommit (one round trip):
 * the rotation, the successor and the audit row are written together or not at all. Any other case (unknown,
 * expired, revoked or reused token, inactive membership, grace replay) writes nothing in that statement and
 * is then decided by the transactional path, which locks the token and reports the precise error.
 * <p>
 * Successors are derived, not stored: successor = HMAC-SHA256(refresh secret, presented token). That lets
 * the opt-in grace window ({@code refreshReuseGrace}) hand a client that lost a refresh response the same
 * successor again, without ever storing a token in clear. With a grace of zero (the default) any reuse
 * revokes the family.
 */
public final class SessionTokens {

	private static final String HMAC = "HmacSHA256";

	private final AuthDatabase database;

	private final AccessTokenService accessTokens;

	private final RefreshTokenStore store;

	private final SessionStore sessions;

	private final SessionEndListener endListener;

	private final TokenHasher hasher;

	private final SecretKeySpec successorKey;

	private final Duration refreshTtl;

	private final Duration reuseGrace;

	private final AuditLog auditLog;

	private final Clock clock;

	public SessionTokens(AuthDatabase database, AccessTokenService accessTokens, RefreshTokenStore store,
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
	public SessionTokens(AuthDatabase database, AccessTokenService accessTokens, RefreshTokenStore store,
			TokenHasher hasher, String refreshSecret, Duration refreshTtl, Duration reuseGrace, AuditLog auditLog,
			Clock clock, SessionEndListener endListener) {
		this.database = database;
		this.accessTokens = accessTokens;
		this.store = store;
		this.sessions = new SessionStore(database);
		this.endListener = java.util.Objects.requireNonNull(endListener, "endListener must not be null");
		this.hasher = hasher;
		byte[] secret = refreshSecret.getBytes(StandardCharsets.UTF_8);
		if (secret.length < 32) {
			throw new IllegalArgumentException("refreshSecret must be at least 32 bytes");
		}
		this.successorKey = new SecretKeySpec(secret, HMAC);
		this.refreshTtl = AccessTokenService.requirePositive(refreshTtl, "refreshTtl");
		if (reuseGrace == null || reuseGrace.isNegative()) {
			throw new IllegalArgumentException("reuseGrace must not be negative");
		}
		this.reuseGrace = reuseGrace;
		this.auditLog = auditLog;
		this.clock = clock;
	}

	public AccessTokenService accessTokens() {
		return this.accessTokens;
	}

	/**
	 * Starts a session for a server-side caller. Joins the caller's transaction.
	 * @param userId the user
	 * @param workspaceId the workspace the session is bound to
	 * @return the token pair
	 */
	public TokenPair start(UUID userId, UUID workspaceId) {
		return start(userId, workspaceId, ClientInfo.SERVER);
	}

	/**
	 * Starts a session: its row, its first refresh token, and an access token carrying its id, in one
	 * statement. Joins the caller's transaction, if any.
	 * @param userId the user
	 * @param workspaceId the workspace the session is bound to
	 * @param client the device, recorded on the session
	 * @return the token pair
	 */
	public TokenPair start(UUID userId, UUID workspaceId, ClientInfo client) {
		return start(userId, workspaceId, client, null, ThrottleSettlement.NONE);
	}

	/**
	 * Starts a session and writes, in the same single statement, the audit row that says how the user came in
	 * and the settling of the throttle counters the sign-in reserved: a sign-in costs one write round trip.
	 * Joins the caller's transaction, if any.
	 * @param userId the user
	 * @param workspaceId the workspace the session is bound to
	 * @param client the device, recorded on the session
	 * @param audit the audit row of the way in, or {@code null} for none
	 * @param settlement the throttle counters to settle
	 * @return the token pair
	 */
	public TokenPair start(UUID userId, UUID workspaceId, ClientInfo client,
			@org.jspecify.annotations.Nullable AuditEvent audit, ThrottleSettlement settlement) {
		return insertSession(userId, workspaceId, null, client, audit, settlement);
	}

	/**
	 * Starts a session in another workspace from a live session of the same user (a workspace switch). The new
	 * session ends whenever the one it came from ends; the one it came from goes on. Joins the caller's
	 * transaction, and holds the parent against being ended until it commits, so that an end racing with the
	 * switch also ends the child.
	 * @param parentId the session the caller is signed in with
	 * @param userId the user
	 * @param workspaceId the workspace of the new session
	 * @param client the device
	 * @return the token pair
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when the parent is not a live session of the
	 * user
	 */
	public TokenPair startFrom(UUID parentId, UUID userId, UUID workspaceId, ClientInfo client) {
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			this.sessions.lockLive(parentId)
				.filter((parent) -> parent.userId().equals(userId) && parent.isLive(now))
				.orElseThrow(SessionTokens::sessionEnded);
			return insertSession(userId, workspaceId, parentId, client, null, ThrottleSettlement.NONE);
		});
	}

	private TokenPair insertSession(UUID userId, UUID workspaceId, @org.jspecify.annotations.Nullable UUID parentId,
			ClientInfo client, @org.jspecify.annotations.Nullable AuditEvent audit, ThrottleSettlement settlement) {
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
	 * Rotates a refresh token. When the token is active and unexpired and both the session's membership and
	 * its user are active in the database, the token is rotated in one statement without consulting
	 * {@code membership}; otherwise the transactional path decides, and asks {@code membership}.
	 * @param presented the refresh token the client sent
	 * @param membership the check that the session's user is still an active member of its workspace, for
	 * sessions that the database does not show as active
	 * @param client who asked
	 * @return the new token pair
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired, revoked or reused
	 * token; {@link AuthErrorCode#MEMBERSHIP_INACTIVE} when the membership ended
	 */
	public TokenPair refresh(String presented, MembershipCheck membership, ClientInfo client) {
		if (presented == null || presented.isEmpty() || presented.length() > 512) {
			throw invalid();
		}
		String[] hashes = this.hasher.candidates(presented);
		Optional<TokenPair> rotated = rotateActive(presented, hashes, client);
		if (rotated.isPresent()) {
			return rotated.get();
		}
		Outcome outcome = this.database.inTransaction(() -> rotate(presented, hashes, membership, client));
		if (outcome.pair != null) {
			return outcome.pair;
		}
		throw outcome.error;
	}

	/**
	 * The happy path in one statement, outside any transaction of its own: empty, with nothing written, when
	 * the token is unknown, revoked or expired, or its membership or user is not active.
	 */
	private Optional<TokenPair> rotateActive(String presented, String[] hashes, ClientInfo client) {
		String successor = successorOf(presented);
		Instant now = this.clock.instant();
		return this.store
			.rotateActive(hashes, UUID.randomUUID(), this.hasher.hash(successor), now, now.plus(this.refreshTtl),
					client)
			.map((owner) -> {
				this.auditLog.announce(AuditEvent.success(AuditEventType.REFRESH, owner.workspaceId(), owner.userId(),
						client));
				return pair(owner.userId(), owner.workspaceId(), owner.sessionId(), successor);
			});
	}

	/**
	 * The transactional path: every case the one-statement rotation did not take. Locks the session, then the
	 * token (the order of every writer), and decides.
	 */
	private Outcome rotate(String presented, String[] hashes, MembershipCheck membership, ClientInfo client) {
		Optional<RefreshTokenRecord> unlocked = this.store.find(hashes);
		if (unlocked.isEmpty()) {
			return Outcome.failed(invalid());
		}
		Optional<SessionRecord> session = this.sessions.findForUpdate(unlocked.get().familyId());
		Optional<RefreshTokenRecord> found = this.store.findForUpdate(hashes);
		if (found.isEmpty()) {
			return Outcome.failed(invalid());
		}
		RefreshTokenRecord token = found.get();
		Instant now = this.clock.instant();
		boolean sessionLive = session.filter((s) -> s.revokedAt() == null).isPresent();
		if (token.revokedAt() != null) {
			if (sessionLive) {
				Optional<TokenPair> replay = replayWithinGrace(presented, token, membership, now);
				if (replay.isPresent()) {
					this.auditLog.record(AuditEvent.of(AuditEventType.REFRESH, AuditEvent.Outcome.SUCCESS,
							token.workspaceId(), token.userId(), client, Map.of("grace", "true")));
					return Outcome.ok(replay.get());
				}
				if (token.rotatedAt() != null) {
					List<UUID> ended = endLocked(token.familyId(), "reuse_detected", now);
					this.auditLog.record(AuditEvent.of(AuditEventType.REFRESH_REUSE_DETECTED,
							AuditEvent.Outcome.DENIED, token.workspaceId(), token.userId(), client,
							Map.of("familyId", token.familyId().toString(), "revoked", Integer.toString(ended.size()))));
				}
			}
			if (token.rotatedAt() == null && !membership.isActive(token.userId(), token.workspaceId())) {
				return Outcome.failed(membershipInactive());
			}
			return Outcome.failed(invalid());
		}
		if (!sessionLive || !now.isBefore(token.expiresAt())) {
			if (!membership.isActive(token.userId(), token.workspaceId())) {
				return Outcome.failed(membershipInactive());
			}
			return Outcome.failed(invalid());
		}
		if (!membership.isActive(token.userId(), token.workspaceId())) {
			return Outcome.failed(membershipInactive());
		}
		String successor = successorOf(presented);
		UUID successorId = UUID.randomUUID();
		Instant expiresAt = now.plus(this.refreshTtl);
		this.sessions.touch(token.familyId(), now, expiresAt, client);
		this.store.markRotated(token.id(), successorId, now);
		this.store.insert(successorId, token.userId(), token.workspaceId(), token.familyId(),
				this.hasher.hash(successor), now, expiresAt);
		this.auditLog.record(AuditEvent.success(AuditEventType.REFRESH, token.workspaceId(), token.userId(), client));
		return Outcome.ok(pair(token.userId(), token.workspaceId(), token.familyId(), successor));
	}

	/**
	 * The opt-in grace: a client that lost the answer to its refresh gets the same successor again, but only
	 * while the session is live (the caller holds its lock) and its user still an active member.
	 */
	private Optional<TokenPair> replayWithinGrace(String presented, RefreshTokenRecord token,
			MembershipCheck membership, Instant now) {
		if (this.reuseGrace.isZero() || token.rotatedAt() == null || token.replacedById() == null
				|| !now.isBefore(token.rotatedAt().plus(this.reuseGrace))) {
			return Optional.empty();
		}
		String successor = successorOf(presented);
		return this.store.findForUpdate(this.hasher.candidates(successor))
			.filter((next) -> next.id().equals(token.replacedById()) && next.isActive(now))
			.filter((next) -> membership.isActive(next.userId(), next.workspaceId()))
			.map((next) -> pair(next.userId(), next.workspaceId(), next.familyId(), successor));
	}

	/**
	 * Ends the session of a refresh token (logout), and the sessions started from it. Unknown tokens are
	 * ignored.
	 * @param presented the refresh token
	 * @param client who asked
	 * @return the session's owner, when the token was known
	 */
	public Optional<SessionOwner> revoke(String presented, ClientInfo client) {
		if (presented == null || presented.isEmpty() || presented.length() > 512) {
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

	/**
	 * Ends a session and every session started from it: their refresh tokens stop working, and so do their
	 * access tokens, on every instance. Joins the caller's transaction.
	 * @param sessionId the session
	 * @param reason why, recorded on the rows
	 * @return the ids of the sessions ended now
	 */
	public List<UUID> end(UUID sessionId, String reason) {
		return this.database.inTransaction(() -> endLocked(sessionId, reason, this.clock.instant()));
	}

	/**
	 * Ends one of a user's own live sessions (and those started from it), as the sessions list offers.
	 * @param userId the user asking
	 * @param sessionId one of their sessions
	 * @param client who asked
	 * @return false when the id is not a live session of this user
	 */
	public boolean endOwned(UUID userId, UUID sessionId, ClientInfo client) {
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

	/**
	 * Ends every session of a user (logout everywhere, password reset, account disabled). Joins the caller's
	 * transaction.
	 * @return how many sessions ended
	 */
	public int revokeAll(UUID userId, String reason) {
		return this.database.inTransaction(() -> {
			Instant now = this.clock.instant();
			List<UUID> ended = this.sessions.endAllOf(userId, reason, now);
			this.store.revokeFamilies(ended, reason, now);
			this.endListener.sessionsEnded(ended);
			return ended.size();
		});
	}

	/**
	 * Ends every session of a user at their own request (logout everywhere), audited.
	 * @param userId the user
	 * @param client who asked
	 * @return how many sessions ended
	 */
	public int endAll(UUID userId, ClientInfo client) {
		return this.database.inTransaction(() -> {
			int ended = revokeAll(userId, "logout_all");
			this.auditLog.record(AuditEvent.of(AuditEventType.LOGOUT_ALL, AuditEvent.Outcome.SUCCESS, null, userId,
					client, Map.of("ended", Integer.toString(ended))));
			return ended;
		});
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

	private List<UUID> endLocked(UUID sessionId, String reason, Instant now) {
		List<UUID> ended = new ArrayList<>(this.sessions.end(sessionId, reason, now));
		ended.addAll(this.sessions.endDescendants(List.of(sessionId), "parent_ended", now));
		this.store.revokeFamilies(ended, reason, now);
		this.endListener.sessionsEnded(ended);
		return ended;
	}

	private TokenPair pair(UUID userId, UUID workspaceId, UUID sessionId, String refreshToken) {
		return new TokenPair(this.accessTokens.issue(userId, workspaceId, sessionId), refreshToken,
				this.accessTokens.ttl().toSeconds(), userId, workspaceId, sessionId);
	}

	String successorOf(String presented) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(this.successorKey);
			byte[] digest = mac.doFinal(("successor:" + presented).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** A session ended by a suspension or removal says so, rather than just "invalid". */
	private static AuthException membershipInactive() {
		return new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE, "Your membership in this workspace is not active.");
	}

	private static AuthException sessionEnded() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The session has ended.");
	}

	private static AuthException invalid() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The refresh token is invalid, expired or revoked.");
	}

	/**
	 * Whether a user is still an active member of a workspace.
	 */
	@FunctionalInterface
	public interface MembershipCheck {

		boolean isActive(UUID userId, UUID workspaceId);

	}

	private static final class Outcome {

		final TokenPair pair;

		final AuthException error;

		private Outcome(TokenPair pair, AuthException error) {
			this.pair = pair;
			this.error = error;
		}

		static Outcome ok(TokenPair pair) {
			return new Outcome(pair, null);
		}

		static Outcome failed(AuthException error) {
			return new Outcome(null, error);
		}

	}

}
