package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Diverts a sign-in into a workspace that requires a second factor the user has none of: instead of a session,
 * an {@code enrolmentToken} (256 random bits, stored as a keyed hash, bound to the user and the workspace,
 * {@link #TTL} long) that can only enrol and confirm TOTP ({@link PolicyEnrolmentFlow}). The first factor's audit
 * row and throttle settlement are written here, since no session start carries them.
 */
public final class MfaEnrolmentTokens {

	/** How long an enrolment token lives. */
	public static final Duration TTL = Duration.ofMinutes(10);

	private final AuthDatabase database;

	private final MfaPolicy policy;

	private final MfaEnrolmentTokenStore store;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final ThrottleStore throttle;

	private final Clock clock;

	public MfaEnrolmentTokens(AuthDatabase database, MfaPolicy policy, MfaEnrolmentTokenStore store,
			TokenHasher hasher, AuditLog auditLog, ThrottleStore throttle, Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.policy = Objects.requireNonNull(policy, "policy must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.hasher = Objects.requireNonNull(hasher, "hasher must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** The policy these tokens enforce. */
	public MfaPolicy policy() {
		return this.policy;
	}

	/**
	 * Starts the session, or, when the workspace requires a second factor the user has none of, issues an
	 * enrolment token instead; the check and the start share one transaction (joining the caller's).
	 */
	SignInResult startOrDivert(SessionService sessions, UUID userId, UUID workspaceId, ClientInfo client,
			@Nullable AuditEvent firstFactor, ThrottleSettlement settlement) {
		return this.database.inTransaction(() -> {
			if (this.policy.enrolmentRequired(userId, workspaceId)) {
				return SignInResult.enrolment(issue(userId, workspaceId, client, firstFactor, settlement));
			}
			return SignInResult.of(sessions.start(userId, workspaceId, client, firstFactor, settlement));
		});
	}

	/** Issues an enrolment token; joins the caller's transaction. */
	SignInResult.MfaEnrolment issue(UUID userId, UUID workspaceId, ClientInfo client,
			@Nullable AuditEvent firstFactor, ThrottleSettlement settlement) {
		Instant now = this.clock.instant();
		String token = SecureTokens.newToken();
		this.store.deleteExpired(now.minus(Duration.ofDays(1)));
		this.store.insert(this.hasher.hash(token), userId, workspaceId, now, now.plus(TTL));
		if (firstFactor != null) {
			this.auditLog.record(firstFactor);
		}
		this.auditLog.record(AuditEvent.of(AuditEventType.MFA_ENROLMENT_REQUIRED, AuditEvent.Outcome.SUCCESS,
				workspaceId, userId, client,
				Map.of("how", (firstFactor != null) ? firstFactor.type() : "invitation_signup")));
		if (!settlement.resetKeys().isEmpty() || !settlement.takeBackKeys().isEmpty()) {
			this.throttle.settle(settlement.resetKeys(), settlement.takeBackKeys());
		}
		return new SignInResult.MfaEnrolment(token, TTL.toSeconds());
	}

}
