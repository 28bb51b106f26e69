package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
import dev.systemauth.core.token.RefreshTokenStore.SessionOwner;

/**
 * Sessions: token pairs, refresh rotation with reuse detection, and revocation.
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

	private final TokenHasher hasher;

	private final SecretKeySpec successorKey;

	private final Duration refreshTtl;

	private final Duration reuseGrace;

	private final AuditLog auditLog;

	private final Clock clock;

	public SessionTokens(AuthDatabase database, AccessTokenService accessTokens, RefreshTokenStore store,
			TokenHasher hasher, String refreshSecret, Duration refreshTtl, Duration reuseGrace, AuditLog auditLog,
			Clock clock) {
		this.database = database;
		this.accessTokens = accessTokens;
		this.store = store;
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
	 * Starts a session (a new refresh-token family). Joins the caller's transaction.
	 * @param userId the user
	 * @param workspaceId the workspace the session is bound to
	 * @return the token pair
	 */
	public TokenPair start(UUID userId, UUID workspaceId) {
		String refreshToken = SecureTokens.newToken();
		Instant now = this.clock.instant();
		this.store.insert(UUID.randomUUID(), userId, workspaceId, UUID.randomUUID(), this.hasher.hash(refreshToken), now,
				now.plus(this.refreshTtl));
		return pair(userId, workspaceId, refreshToken);
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
			.map((owner) -> pair(owner.userId(), owner.workspaceId(), successor));
	}

	private Outcome rotate(String presented, String[] hashes, MembershipCheck membership, ClientInfo client) {
		Optional<RefreshTokenRecord> found = this.store.findForUpdate(hashes);
		if (found.isEmpty()) {
			return Outcome.failed(invalid());
		}
		RefreshTokenRecord token = found.get();
		Instant now = this.clock.instant();
		if (token.revokedAt() != null) {
			Optional<TokenPair> replay = replayWithinGrace(presented, token, now);
			if (replay.isPresent()) {
				this.auditLog.record(AuditEvent.of(AuditEventType.REFRESH, AuditEvent.Outcome.SUCCESS,
						token.workspaceId(), token.userId(), client, Map.of("grace", "true")));
				return Outcome.ok(replay.get());
			}
			if (token.rotatedAt() != null) {
				int revoked = this.store.revokeFamily(token.familyId(), "reuse_detected", now);
				this.auditLog.record(AuditEvent.of(AuditEventType.REFRESH_REUSE_DETECTED, AuditEvent.Outcome.DENIED,
						token.workspaceId(), token.userId(), client,
						Map.of("familyId", token.familyId().toString(), "revoked", Integer.toString(revoked))));
			}
			if (token.rotatedAt() == null && !membership.isActive(token.userId(), token.workspaceId())) {
				return Outcome.failed(membershipInactive());
			}
			return Outcome.failed(invalid());
		}
		if (!now.isBefore(token.expiresAt())) {
			return Outcome.failed(invalid());
		}
		if (!membership.isActive(token.userId(), token.workspaceId())) {
			return Outcome.failed(membershipInactive());
		}
		String successor = successorOf(presented);
		UUID successorId = UUID.randomUUID();
		this.store.markRotated(token.id(), successorId, now);
		this.store.insert(successorId, token.userId(), token.workspaceId(), token.familyId(),
				this.hasher.hash(successor), now, now.plus(this.refreshTtl));
		this.auditLog.record(AuditEvent.success(AuditEventType.REFRESH, token.workspaceId(), token.userId(), client));
		return Outcome.ok(pair(token.userId(), token.workspaceId(), successor));
	}

	private Optional<TokenPair> replayWithinGrace(String presented, RefreshTokenRecord token, Instant now) {
		if (this.reuseGrace.isZero() || token.rotatedAt() == null || token.replacedById() == null
				|| !now.isBefore(token.rotatedAt().plus(this.reuseGrace))) {
			return Optional.empty();
		}
		String successor = successorOf(presented);
		return this.store.findForUpdate(this.hasher.candidates(successor))
			.filter((next) -> next.id().equals(token.replacedById()) && next.isActive(now))
			.map((next) -> pair(next.userId(), next.workspaceId(), successor));
	}

	/**
	 * Ends the session (family) of a refresh token. Unknown tokens are ignored.
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
			Optional<SessionOwner> owner = this.store.revokeFamilyOfToken(hashes, "logout", this.clock.instant());
			owner.ifPresent((o) -> this.auditLog
				.record(AuditEvent.success(AuditEventType.LOGOUT, o.workspaceId(), o.userId(), client)));
			return owner;
		});
	}

	/** Revokes every session of a user. Joins the caller's transaction. */
	public int revokeAll(UUID userId, String reason) {
		return this.store.revokeAllOfUser(userId, reason, this.clock.instant());
	}

	private TokenPair pair(UUID userId, UUID workspaceId, String refreshToken) {
		return new TokenPair(this.accessTokens.issue(userId, workspaceId), refreshToken,
				this.accessTokens.ttl().toSeconds(), userId, workspaceId);
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
