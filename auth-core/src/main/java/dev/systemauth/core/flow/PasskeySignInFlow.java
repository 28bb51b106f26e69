package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.webauthn4j.data.AuthenticationData;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.passkey.StoredPasskey;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.TokenPair;

/**
 * Signing in with a passkey ({@code POST /auth/passkeys/authentication/options} and {@code /verify}).
 * <ul>
 * <li><strong>First factor</strong> (no {@code mfaToken}): a usernameless sign-in with a discoverable
 * credential. The passkey (a device the user holds, unlocked with user verification) is itself multi-factor,
 * so the session starts directly through {@link SessionService#start}, with no TOTP step after it. The
 * account checks and the choice of workspace are those of a password login.</li>
 * <li><strong>Second factor</strong> (with the {@code mfaToken} of a sign-in awaiting its second factor):
 * the passkey must belong to the challenge's user; the challenge is used once and a failure counts against it
 * as a wrong code does; the session starts in the challenge's workspace.</li>
 * </ul>
 * Every verification counts as a credential attempt of the client's IP. The ceremony's challenge is used (by
 * one conditional statement) before the assertion is verified, so a response verifies at most once; the
 * signature counter only moves forward, and a counter that does not grow is refused and audited as a
 * possibly cloned authenticator.
 */
public final class PasskeySignInFlow {

	private static final Set<AuthErrorCode> COUNTED = Set.of(AuthErrorCode.INVALID_CHALLENGE,
			AuthErrorCode.INVALID_CREDENTIALS, AuthErrorCode.INVALID_TOKEN);

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final PasskeyStores stores;

	private final AuditLog auditLog;

	private final CredentialAttempts attempts;

	private final ClassicSettings classic;

	private final @Nullable MfaChallengeStore mfaChallenges;

	private final @Nullable MfaStores mfa;

	private final @Nullable MfaSettings mfaSettings;

	private final @Nullable MfaEnrolmentTokens enrolments;

	private final Clock clock;

	/**
	 * A passkey sign-in that ignores the workspace MFA policy (for use without {@code auth.mfa.enabled}).
	 * @param mfa the stores of the second factor, or {@code null} when MFA is off (an {@code mfaToken} is then
	 * always invalid)
	 * @param mfaSettings the settings of the second factor, or {@code null} when MFA is off
	 */
	public PasskeySignInFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, PasskeyStores stores, AuditLog auditLog, AbuseGuard abuse, ClassicSettings classic,
			@Nullable MfaStores mfa, @Nullable MfaSettings mfaSettings, Clock clock) {
		this(database, accounts, workspaces, sessions, stores, auditLog, abuse, classic, mfa, mfaSettings, null, clock);
	}

	/**
	 * @param mfa the stores of the second factor, or {@code null} when MFA is off (an {@code mfaToken} is then
	 * always invalid)
	 * @param mfaSettings the settings of the second factor, or {@code null} when MFA is off
	 * @param enrolments the enrolment tokens of the workspace MFA policy, or {@code null} when it is not
	 * enforced: a first-factor sign-in into a workspace that requires a second factor, by a user who has no
	 * confirmed TOTP, then answers with an enrolment token instead of a session
	 */
	public PasskeySignInFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, PasskeyStores stores, AuditLog auditLog, AbuseGuard abuse, ClassicSettings classic,
			@Nullable MfaStores mfa, @Nullable MfaSettings mfaSettings, @Nullable MfaEnrolmentTokens enrolments,
			Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.stores = Objects.requireNonNull(stores, "stores must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.attempts = new CredentialAttempts(Objects.requireNonNull(abuse, "abuse must not be null"));
		this.classic = Objects.requireNonNull(classic, "classic must not be null");
		this.mfa = (mfa != null && mfaSettings != null) ? mfa : null;
		this.mfaChallenges = (this.mfa != null) ? this.mfa.challenges() : null;
		this.mfaSettings = mfaSettings;
		this.enrolments = enrolments;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * The options of {@code navigator.credentials.get}.
	 * @param mfaToken {@code null} for a usernameless sign-in (no credentials listed); the token of a sign-in
	 * awaiting its second factor to list that user's passkeys
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired or used {@code mfaToken}
	 */
	public PasskeyOptions.Request options(@Nullable String mfaToken, ClientInfo client) {
		UUID userId = null;
		List<PasskeyOptions.CredentialDescriptor> allowed = List.of();
		if (mfaToken != null) {
			String token = FlowErrors.requireToken(mfaToken, "mfaToken");
			userId = this.attempts.check(client, (ex) -> COUNTED.contains(ex.getErrorCode()),
					() -> this.database.inTransaction(() -> liveMfaChallenge(token))
						.orElseThrow(PasskeySignInFlow::invalidMfaToken)
						.userId());
			allowed = this.stores.descriptors(userId);
		}
		String challenge = this.stores.issueChallenge(PasskeyChallengeStore.AUTHENTICATION, userId,
				this.clock.instant());
		return new PasskeyOptions.Request(challenge, this.stores.ceremonies().settings().rpId(),
				this.stores.timeoutMillis(), "required", allowed);
	}

	/**
	 * Verifies an assertion and starts a session.
	 * @return the new session's tokens, or, for a first factor into a workspace that requires a second factor
	 * the user has not enrolled (TOTP), the enrolment token
	 * @throws AuthException {@link AuthErrorCode#INVALID_CHALLENGE} for an unknown, expired or used challenge;
	 * {@link AuthErrorCode#INVALID_CREDENTIALS} for an unknown credential, a user handle that does not own it, a
	 * failed verification or a counter that did not grow; {@link AuthErrorCode#INVALID_TOKEN} for a bad
	 * {@code mfaToken}; and the account and workspace refusals of a password login
	 */
	public SignInResult verify(PasskeyRequests.Assertion request, ClientInfo client) {
		PasskeyStores.requirePublicKeyType(request.type());
		byte[] rawId = PasskeyStores.decode(request.rawId(), "credential.rawId");
		byte[] clientDataJson = PasskeyStores.decode(request.clientDataJson(), "credential.response.clientDataJSON");
		byte[] authenticatorData = PasskeyStores.decode(request.authenticatorData(),
				"credential.response.authenticatorData");
		byte[] signature = PasskeyStores.decode(request.signature(), "credential.response.signature");
		byte[] userHandle = (request.userHandle() != null && !request.userHandle().isEmpty())
				? PasskeyStores.decode(request.userHandle(), "credential.response.userHandle") : null;
		String mfaToken = (request.mfaToken() != null) ? FlowErrors.requireToken(request.mfaToken(), "mfaToken")
				: null;
		AuthenticationData data = this.stores.ceremonies()
			.parseAuthentication(rawId, userHandle, authenticatorData, clientDataJson, signature);
		if (data == null) {
			throw FlowErrors.validation("credential.response", "credential.response could not be decoded.");
		}
		Assertion assertion = new Assertion(data, rawId, userHandle);
		return this.attempts.check(client, (ex) -> COUNTED.contains(ex.getErrorCode()),
				() -> (mfaToken == null) ? firstFactor(assertion, request.workspaceId(), client)
						: SignInResult.of(secondFactor(assertion, mfaToken, client)));
	}

	private SignInResult firstFactor(Assertion assertion, @Nullable UUID workspaceId, ClientInfo client) {
		StoredPasskey passkey;
		try {
			passkey = check(assertion, null, null);
		}
		catch (Refused refused) {
			throw audited(refused, client);
		}
		UUID userId = passkey.userId();
		UserAccount account = this.accounts.findById(userId)
			.orElseThrow(() -> audited(new Refused("unknown_user", userId, passkey.id(), false), client));
		requireUsable(account, client);
		Membership membership = WorkspaceChoice.select(this.workspaces.activeMembershipsOf(userId), workspaceId);
		AuditEvent success = AuditEvent.of(AuditEventType.PASSKEY_LOGIN_SUCCESS, AuditEvent.Outcome.SUCCESS,
				membership.workspaceId(), userId, client,
				Map.of("passkeyId", passkey.id().toString(), "factor", "first"));
		if (this.enrolments != null) {
			return this.enrolments.startOrDivert(this.sessions, userId, membership.workspaceId(), client, success,
					ThrottleSettlement.NONE);
		}
		return SignInResult.of(this.sessions.start(userId, membership.workspaceId(), client, success,
				ThrottleSettlement.NONE));
	}

	private TokenPair secondFactor(Assertion assertion, String mfaToken, ClientInfo client) {
		SecondStep step = this.database.inTransaction(() -> {
			Optional<MfaChallengeStore.Challenge> found = liveMfaChallenge(mfaToken);
			if (found.isEmpty()) {
				return new SecondStep(null, null, null);
			}
			MfaChallengeStore.Challenge challenge = found.get();
			MfaChallengeStore challenges = Objects.requireNonNull(this.mfaChallenges);
			StoredPasskey passkey;
			try {
				passkey = check(assertion, challenge.userId(), challenge.userId());
			}
			catch (Refused refused) {
				// counted against the mfaToken like a wrong code
				challenges.fail(challenge.tokenHash());
				return new SecondStep(null, challenge, refused);
			}
			boolean usable = this.accounts.findById(challenge.userId()).filter(UserAccount::isActive).isPresent()
					&& this.workspaces.activeRole(challenge.workspaceId(), challenge.userId()).isPresent();
			challenges.consume(challenge.tokenHash(), this.clock.instant());
			if (!usable) {
				return new SecondStep(null, challenge, null);
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.PASSKEY_LOGIN_SUCCESS, AuditEvent.Outcome.SUCCESS,
					challenge.workspaceId(), challenge.userId(), client,
					Map.of("passkeyId", passkey.id().toString(), "factor", "second")));
			TokenPair tokens = this.sessions.start(challenge.userId(), challenge.workspaceId(), client,
					AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.SUCCESS, challenge.workspaceId(),
							challenge.userId(), client, Map.of("method", "passkey")),
					ThrottleSettlement.NONE);
			return new SecondStep(tokens, challenge, null);
		});
		if (step.tokens() != null) {
			return step.tokens();
		}
		UUID userId = (step.challenge() != null) ? step.challenge().userId() : null;
		this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.FAILURE, null, userId,
				client, Map.of("reason", (step.refused() != null) ? step.refused().code().code()
						: AuthErrorCode.INVALID_TOKEN.code(), "method", "passkey")));
		if (step.refused() != null) {
			throw audited(step.refused(), client);
		}
		throw invalidMfaToken();
	}

	/**
	 * Uses the challenge and verifies the assertion, moving the counter forward.
	 * @param challengeUser the user the challenge was issued for ({@code null} for usernameless)
	 * @param owner the user the passkey must belong to, or {@code null} for any (then the user handle must
	 * name its owner)
	 */
	private StoredPasskey check(Assertion assertion, @Nullable UUID challengeUser, @Nullable UUID owner) {
		byte[] challenge = assertion.data().getCollectedClientData().getChallenge().getValue();
		Instant now = this.clock.instant();
		try {
			this.stores.useChallenge(challenge, PasskeyChallengeStore.AUTHENTICATION, challengeUser, now);
		}
		catch (AuthException ex) {
			throw new Refused(AuthErrorCode.INVALID_CHALLENGE, "invalid_challenge", owner, null, false);
		}
		StoredPasskey passkey = this.stores.credentials()
			.findByCredentialId(assertion.rawId())
			.orElseThrow(() -> new Refused("unknown_credential", owner, null, false));
		if (owner != null && !passkey.userId().equals(owner)) {
			throw new Refused("credential_of_another_user", owner, passkey.id(), false);
		}
		byte[] userHandle = assertion.userHandle();
		if ((userHandle == null && owner == null)
				|| (userHandle != null && !Arrays.equals(userHandle, PasskeyStores.userHandle(passkey.userId())))) {
			throw new Refused("user_handle_mismatch", passkey.userId(), passkey.id(), false);
		}
		switch (this.stores.ceremonies().verifyAuthentication(assertion.data(), challenge, passkey)) {
			case COUNTER_REGRESSION -> throw new Refused("counter_regression", passkey.userId(), passkey.id(), true);
			case FAILED -> throw new Refused("assertion_failed", passkey.userId(), passkey.id(), false);
			case VERIFIED -> {
			}
		}
		if (!this.stores.credentials().recordUse(passkey.id(), assertion.data().getAuthenticatorData().getSignCount(),
				now)) {
			throw new Refused("counter_regression", passkey.userId(), passkey.id(), true);
		}
		return passkey;
	}

	private Optional<MfaChallengeStore.Challenge> liveMfaChallenge(String mfaToken) {
		if (this.mfa == null || this.mfaChallenges == null || this.mfaSettings == null) {
			return Optional.empty();
		}
		return this.mfaChallenges.lockLive(this.mfa.hasher().candidates(mfaToken), this.clock.instant(),
				this.mfaSettings.maxFailedAttempts());
	}

	private AuthException audited(Refused refused, ClientInfo client) {
		if (refused.regression()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PASSKEY_COUNTER_REGRESSION,
					AuditEvent.Outcome.DENIED, null, refused.userId(), client,
					Map.of("passkeyId", String.valueOf(refused.passkeyId()))));
		}
		this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PASSKEY_LOGIN_FAILED, AuditEvent.Outcome.FAILURE,
				null, refused.userId(), client, Map.of("reason", refused.reason())));
		return (refused.code() == AuthErrorCode.INVALID_CHALLENGE)
				? new AuthException(AuthErrorCode.INVALID_CHALLENGE, "The challenge is unknown, expired or already used.")
				: new AuthException(AuthErrorCode.INVALID_CREDENTIALS, "The passkey was not accepted.");
	}

	private void requireUsable(UserAccount account, ClientInfo client) {
		if (!account.isActive()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PASSKEY_LOGIN_FAILED, AuditEvent.Outcome.DENIED,
					null, account.id(), client, Map.of("reason", "account_disabled")));
			throw new AuthException(AuthErrorCode.ACCOUNT_DISABLED, "This account is disabled.");
		}
		if (this.classic.requireEmailVerification() && !account.isEmailVerified()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PASSKEY_LOGIN_FAILED, AuditEvent.Outcome.DENIED,
					null, account.id(), client, Map.of("reason", "email_not_verified")));
			throw new AuthException(AuthErrorCode.EMAIL_NOT_VERIFIED, "Verify your email address before signing in.");
		}
	}

	private static AuthException invalidMfaToken() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The MFA token is invalid, used or expired.");
	}

	private record Assertion(AuthenticationData data, byte[] rawId, byte @Nullable [] userHandle) {
	}

	private record SecondStep(@Nullable TokenPair tokens, MfaChallengeStore.@Nullable Challenge challenge,
			@Nullable Refused refused) {
	}

	/** A refused assertion, before it is audited and answered. */
	private static final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final AuthErrorCode code;

		private final String reason;

		private final @Nullable UUID userId;

		private final @Nullable UUID passkeyId;

		private final boolean regression;

		Refused(String reason, @Nullable UUID userId, @Nullable UUID passkeyId, boolean regression) {
			this(AuthErrorCode.INVALID_CREDENTIALS, reason, userId, passkeyId, regression);
		}

		Refused(AuthErrorCode code, String reason, @Nullable UUID userId, @Nullable UUID passkeyId,
				boolean regression) {
			super(reason, null, false, false);
			this.code = code;
			this.reason = reason;
			this.userId = userId;
			this.passkeyId = passkeyId;
			this.regression = regression;
		}

		AuthErrorCode code() {
			return this.code;
		}

		String reason() {
			return this.reason;
		}

		@Nullable UUID userId() {
			return this.userId;
		}

		@Nullable UUID passkeyId() {
			return this.passkeyId;
		}

		boolean regression() {
			return this.regression;
		}

	}

}
