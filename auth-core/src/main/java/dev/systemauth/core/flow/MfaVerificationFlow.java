package dev.systemauth.core.flow;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.TokenPair;

/**
 * The second step of a sign-in ({@code POST /auth/mfa/verify}): an {@code mfaToken} and a TOTP or recovery
 * code give an ordinary session through {@link SessionService#start}.
 * <p>
 * In one transaction: the challenge row is locked (so of concurrent verifications one wins), the code is
 * checked and spent, and then either the challenge is consumed and the session started, or a failure is
 * counted against the challenge (it dies after {@link MfaSettings#maxFailedAttempts()}). An unknown, expired,
 * used or exhausted token gets the same code computations over a dummy secret as a wrong code, and every
 * verification counts as a credential attempt of the client's IP.
 */
public final class MfaVerificationFlow {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final TotpStore totpStore;

	private final MfaChallengeStore challenges;

	private final MfaStores stores;

	private final SecondFactorCodes codes;

	private final AuditLog auditLog;

	private final CredentialAttempts attempts;

	private final MfaSettings settings;

	private final Clock clock;

	public MfaVerificationFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, MfaStores stores, AuditLog auditLog, AbuseGuard abuse, MfaSettings settings,
			Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.stores = Objects.requireNonNull(stores, "stores must not be null");
		this.totpStore = stores.totp();
		this.challenges = stores.challenges();
		this.codes = stores.codes(clock);
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.attempts = new CredentialAttempts(abuse);
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Completes a sign-in with its second factor.
	 * @param mfaToken the token the first step answered with
	 * @param code a TOTP code or a recovery code
	 * @param client who asked
	 * @return the new session's tokens
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired, used or exhausted
	 * token; {@link AuthErrorCode#INVALID_CODE} for a wrong or replayed code
	 */
	public TokenPair verify(@Nullable String mfaToken, @Nullable String code, ClientInfo client) {
		String token = FlowErrors.requireToken(mfaToken, "mfaToken");
		String presented = FlowErrors.require(code, "code");
		String[] tokenHashes = this.stores.hasher().candidates(token);
		Outcome outcome = this.attempts.check(client,
				(ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN || ex.getErrorCode() == AuthErrorCode.INVALID_CODE,
				() -> {
					Outcome result = this.database.inTransaction(() -> attempt(tokenHashes, presented, client));
					if (result.tokens() == null) {
						this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.FAILURE,
								null, result.challenge().map(MfaChallengeStore.Challenge::userId).orElse(null), client,
								Map.of("reason", result.error().code())));
						throw new AuthException(result.error(), (result.error() == AuthErrorCode.INVALID_CODE)
								? "The code is wrong or was already used."
								: "The MFA token is invalid, used or expired.");
					}
					return result;
				});
		return Objects.requireNonNull(outcome.tokens());
	}

	private Outcome attempt(String[] tokenHashes, String code, ClientInfo client) {
		Optional<MfaChallengeStore.Challenge> found = this.challenges.lockLive(tokenHashes, this.clock.instant(),
				this.settings.maxFailedAttempts());
		if (found.isEmpty()) {
			// the same code computations as for a live token, over a dummy secret
			this.codes.spend(null, null, code, true);
			return Outcome.failed(AuthErrorCode.INVALID_TOKEN, found);
		}
		MfaChallengeStore.Challenge challenge = found.get();
		TotpStore.TotpSecret secret = this.totpStore.find(challenge.userId())
			.filter(TotpStore.TotpSecret::confirmed)
			.orElse(null);
		SecondFactorCodes.Spent spent = this.codes.spend(challenge.userId(), secret, code, true);
		if (spent == SecondFactorCodes.Spent.NONE) {
			this.challenges.fail(challenge.tokenHash());
			return Outcome.failed((secret != null) ? AuthErrorCode.INVALID_CODE : AuthErrorCode.INVALID_TOKEN, found);
		}
		boolean usable = this.accounts.findById(challenge.userId()).filter(UserAccount::isActive).isPresent()
				&& this.workspaces.activeRole(challenge.workspaceId(), challenge.userId()).isPresent();
		this.challenges.consume(challenge.tokenHash(), this.clock.instant());
		if (!usable) {
			return Outcome.failed(AuthErrorCode.INVALID_TOKEN, found);
		}
		if (spent == SecondFactorCodes.Spent.RECOVERY_CODE) {
			this.auditLog.record(AuditEvent.success(AuditEventType.MFA_RECOVERY_CODE_USED, challenge.workspaceId(),
					challenge.userId(), client));
		}
		TokenPair tokens = this.sessions.start(challenge.userId(), challenge.workspaceId(), client,
				AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.SUCCESS, challenge.workspaceId(),
						challenge.userId(), client,
						Map.of("method", (spent == SecondFactorCodes.Spent.TOTP) ? "totp" : "recovery_code")),
				ThrottleSettlement.NONE);
		return new Outcome(tokens, AuthErrorCode.INVALID_TOKEN, found);
	}

	private record Outcome(@Nullable TokenPair tokens, AuthErrorCode error,
			Optional<MfaChallengeStore.Challenge> challenge) {

		static Outcome failed(AuthErrorCode error, Optional<MfaChallengeStore.Challenge> challenge) {
			return new Outcome(null, error, challenge);
		}

	}

}
