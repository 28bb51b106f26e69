package dev.systemauth.core.flow;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.throttle.ThrottleSettlement;

/**
 * The one place a first-factor sign-in (password, magic link, identity provider) ends: it starts the session
 * through {@link SessionService#start}, or, when the user has a second factor, issues the {@code mfaToken}
 * instead and starts nothing; or, when the workspace requires a second factor the user has none of (the MFA
 * policy), issues the {@code enrolmentToken} instead and starts nothing. Joins the caller's transaction.
 */
public final class SignInCompletion {

	private final SessionService sessions;

	private final @Nullable MfaChallenges mfa;

	private final @Nullable MfaEnrolmentTokens enrolments;

	/**
	 * @param sessions where sessions start
	 * @param mfa the challenges of the second factor, or {@code null} when MFA is off
	 */
	public SignInCompletion(SessionService sessions, @Nullable MfaChallenges mfa) {
		this(sessions, mfa, null);
	}

	/**
	 * @param sessions where sessions start
	 * @param mfa the challenges of the second factor, or {@code null} when MFA is off
	 * @param enrolments the enrolment tokens of the workspace MFA policy, or {@code null} when it is not enforced
	 */
	public SignInCompletion(SessionService sessions, @Nullable MfaChallenges mfa,
			@Nullable MfaEnrolmentTokens enrolments) {
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.mfa = mfa;
		this.enrolments = enrolments;
	}

	/** Without a second factor: always a session. */
	public static SignInCompletion sessionsOnly(SessionService sessions) {
		return new SignInCompletion(sessions, null);
	}

	/**
	 * Completes a sign-in whose first factor passed.
	 * @param audit the audit row of the way in, or {@code null} when the caller writes its own
	 * @param settlement the throttle counters to settle
	 * @return the tokens, the challenge, or the enrolment token
	 */
	public SignInResult complete(UUID userId, UUID workspaceId, ClientInfo client, @Nullable AuditEvent audit,
			ThrottleSettlement settlement) {
		if (this.mfa != null && this.mfa.required(userId)) {
			return SignInResult.challenge(this.mfa.issue(userId, workspaceId, client, audit, settlement));
		}
		if (this.enrolments != null) {
			return this.enrolments.startOrDivert(this.sessions, userId, workspaceId, client, audit, settlement);
		}
		return SignInResult.of(this.sessions.start(userId, workspaceId, client, audit, settlement));
	}

}
