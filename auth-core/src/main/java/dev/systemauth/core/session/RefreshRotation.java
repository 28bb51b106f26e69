package dev.systemauth.core.session;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionService.MembershipCheck;
import dev.systemauth.core.token.RefreshTokenRecord;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * Refresh-token rotation, the part of {@link SessionService} that keeps a session going.
 * <p>
 * A refresh token is 256 random bits, stored only as a keyed hash. Each refresh revokes the presented token
 * and issues its successor in the same family (= session), under a row lock, so that of many concurrent
 * refreshes of one token exactly one rotates it. Presenting a token that was already rotated is theft: the
 * whole session is ended, the successor included, and the event is audited.
 * <p>
 * The common case, an active token of an active member, costs one statement in autocommit (one round trip):
 * the rotation, the successor and the audit row are written together or not at all. Any other case (unknown,
 * expired, revoked or reused token, inactive membership, grace replay) writes nothing in that statement and
 * is then decided by the transactional path, which locks the token and reports the precise error.
 * <p>
 * Successors are derived, not stored: successor = HMAC-SHA256(refresh secret, presented token). That lets
 * the opt-in grace window ({@code refreshReuseGrace}) hand a client that lost a refresh response the same
 * successor again, without ever storing a token in clear. With a grace of zero (the default) any reuse
 * ends the session.
 */
final class RefreshRotation {

	/** Longer presented tokens are refused unread. */
	static final int MAX_TOKEN_LENGTH = 512;

	private static final String HMAC = "HmacSHA256";

	private final AuthDatabase database;

	private final RefreshTokenStore store;

	private final SessionStore sessions;

	private final TokenHasher hasher;

	private final SecretKeySpec successorKey;

	private final Duration refreshTtl;

	private final Duration reuseGrace;

	private final AuditLog auditLog;

	private final Clock clock;

	private final Issuer issuer;

	private final Ender ender;

	RefreshRotation(AuthDatabase database, RefreshTokenStore store, SessionStore sessions, TokenHasher hasher,
			byte[] refreshSecret, Duration refreshTtl, Duration reuseGrace, AuditLog auditLog, Clock clock,
			Issuer issuer, Ender ender) {
		this.database = database;
		this.store = store;
		this.sessions = sessions;
		this.hasher = hasher;
		this.successorKey = new SecretKeySpec(refreshSecret, HMAC);
		this.refreshTtl = refreshTtl;
		this.reuseGrace = reuseGrace;
		this.auditLog = auditLog;
		this.clock = clock;
		this.issuer = issuer;
		this.ender = ender;
	}

	/** See {@link SessionService#refresh}. */
	TokenPair refresh(String presented, MembershipCheck membership, ClientInfo client) {
		if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
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
				return this.issuer.pair(owner.userId(), owner.workspaceId(), owner.sessionId(), successor);
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
					List<UUID> ended = this.ender.endLocked(token.familyId(), "reuse_detected", now);
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
		return Outcome.ok(this.issuer.pair(token.userId(), token.workspaceId(), token.familyId(), successor));
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
			.map((next) -> this.issuer.pair(next.userId(), next.workspaceId(), next.familyId(), successor));
	}

	private String successorOf(String presented) {
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

	/** Issues the access token of a pair for a session and its new refresh token. */
	@FunctionalInterface
	interface Issuer {

		TokenPair pair(UUID userId, UUID workspaceId, UUID sessionId, String refreshToken);

	}

	/** Ends a session whose row the caller's transaction locks, and its descendants. */
	@FunctionalInterface
	interface Ender {

		List<UUID> endLocked(UUID sessionId, String reason, Instant now);

	}

	private record Outcome(@Nullable TokenPair pair, @Nullable AuthException error) {

		static Outcome ok(TokenPair pair) {
			return new Outcome(pair, null);
		}

		static Outcome failed(AuthException error) {
			return new Outcome(null, error);
		}

	}

}
