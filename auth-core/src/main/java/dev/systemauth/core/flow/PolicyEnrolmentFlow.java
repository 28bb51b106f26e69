package dev.systemauth.core.flow;

import java.time.Clock;
import java.util.List;
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
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * Enrolling a second factor with the {@code enrolmentToken} a sign-in into a workspace that requires one
 * answered with ({@code POST /auth/mfa/totp/enroll} and {@code /confirm} without a bearer token): enrol gives a
 * TOTP secret (as often as asked, without using the token up), confirm checks a first code and then, in one
 * transaction, confirms the secret, issues the recovery codes, uses the token up and starts an ordinary
 * session in the token's workspace through {@link SessionService#start}.
 * <p>
 * The token's row is locked for the confirmation, so of concurrent confirmations one wins; a wrong code is
 * counted against the token (it dies after {@link MfaSettings#maxFailedAttempts()}), an unknown, expired or used
 * token gets the same code computations over a dummy secret, and every call counts as a credential attempt of
 * the client's IP.
 */
public final class PolicyEnrolmentFlow {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final MfaEnrolmentFlow enrolment;

	private final MfaEnrolmentTokenStore tokens;

	private final TotpStore totpStore;

	private final SecondFactorCodes codes;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final CredentialAttempts attempts;

	private final MfaSettings settings;

	private final Clock clock;

	public PolicyEnrolmentFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, MfaEnrolmentFlow enrolment, MfaEnrolmentTokenStore tokens, MfaStores stores,
			AuditLog auditLog, AbuseGuard abuse, MfaSettings settings, Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.enrolment = Objects.requireNonNull(enrolment, "enrolment must not be null");
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.totpStore = stores.totp();
		this.codes = stores.codes(clock);
		this.hasher = stores.hasher();
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.attempts = new CredentialAttempts(Objects.requireNonNull(abuse, "abuse must not be null"));
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Issues a TOTP secret for the token's user, pending until confirmed; the token stays usable.
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired, used or exhausted token;
	 * {@link AuthErrorCode#MFA_ALREADY_ENABLED} when the user has confirmed a second factor meanwhile
	 */
	public MfaEnrolmentFlow.TotpEnrolment enroll(@Nullable String enrolmentToken, ClientInfo client) {
		String[] hashes = this.hasher.candidates(requireToken(enrolmentToken));
		MfaEnrolmentTokenStore.EnrolmentToken token = this.attempts.check(client,
				(ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN,
				() -> this.tokens.findLive(hashes, this.clock.instant(), this.settings.maxFailedAttempts())
					.orElseThrow(PolicyEnrolmentFlow::invalidToken));
		return this.enrolment.enroll(token.userId(), client);
	}

	/**
	 * Confirms the pending secret with a first code: recovery codes and an ordinary session in the token's
	 * workspace.
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} for an unknown, expired, used or exhausted token
	 * (or a user or membership no longer active); {@link AuthErrorCode#INVALID_CODE} for a wrong or replayed code
	 */
	public Enrolled confirm(@Nullable String enrolmentToken, @Nullable String code, ClientInfo client) {
		String[] hashes = this.hasher.candidates(requireToken(enrolmentToken));
		String presented = FlowErrors.require(code, "code");
		Outcome outcome = this.attempts.check(client,
				(ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN || ex.getErrorCode() == AuthErrorCode.INVALID_CODE,
				() -> {
					Outcome result = this.database.inTransaction(() -> attempt(hashes, presented, client));
					if (result.enrolled() == null) {
						this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.MFA_CONFIRMED, AuditEvent.Outcome.FAILURE,
								result.token().map(MfaEnrolmentTokenStore.EnrolmentToken::workspaceId).orElse(null),
								result.token().map(MfaEnrolmentTokenStore.EnrolmentToken::userId).orElse(null), client,
								Map.of("reason", result.error().code(), "via", "enrolment_token")));
						throw (result.error() == AuthErrorCode.INVALID_CODE)
								? new AuthException(AuthErrorCode.INVALID_CODE, "The code is wrong or was already used.")
								: invalidToken();
					}
					return result;
				});
		return Objects.requireNonNull(outcome.enrolled());
	}

	private Outcome attempt(String[] hashes, String code, ClientInfo client) {
		Optional<MfaEnrolmentTokenStore.EnrolmentToken> found = this.tokens.lockLive(hashes, this.clock.instant(),
				this.settings.maxFailedAttempts());
		if (found.isEmpty()) {
			// the same code computations as for a live token, over a dummy secret
			this.codes.spend(null, null, code, false);
			return Outcome.failed(AuthErrorCode.INVALID_TOKEN, found);
		}
		MfaEnrolmentTokenStore.EnrolmentToken token = found.get();
		TotpStore.TotpSecret secret = this.totpStore.find(token.userId()).orElse(null);
		if (this.codes.spend(token.userId(), secret, code, false) != SecondFactorCodes.Spent.TOTP) {
			this.tokens.fail(token.tokenHash());
			return Outcome.failed(AuthErrorCode.INVALID_CODE, found);
		}
		this.tokens.consume(token.tokenHash(), this.clock.instant());
		boolean usable = this.accounts.findById(token.userId()).filter(UserAccount::isActive).isPresent()
				&& this.workspaces.activeRole(token.workspaceId(), token.userId()).isPresent();
		if (!usable) {
			return Outcome.failed(AuthErrorCode.INVALID_TOKEN, found);
		}
		List<String> recoveryCodes = this.codes.replaceRecoveryCodes(token.userId());
		this.auditLog.record(AuditEvent.of(AuditEventType.MFA_CONFIRMED, AuditEvent.Outcome.SUCCESS,
				token.workspaceId(), token.userId(), client, Map.of("via", "enrolment_token")));
		TokenPair session = this.sessions.start(token.userId(), token.workspaceId(), client,
				AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.SUCCESS, token.workspaceId(),
						token.userId(), client, Map.of("method", "totp", "via", "enrolment_token")),
				ThrottleSettlement.NONE);
		return new Outcome(new Enrolled(recoveryCodes, session), AuthErrorCode.INVALID_TOKEN, found);
	}

	/** No token is no credential: the same 401 as a request without a bearer token. */
	private static String requireToken(@Nullable String enrolmentToken) {
		if (enrolmentToken == null || enrolmentToken.isBlank()) {
			throw new AuthException(AuthErrorCode.INVALID_TOKEN, "An enrolment token or a bearer token is required.");
		}
		return enrolmentToken;
	}

	private static AuthException invalidToken() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The enrolment token is invalid, used or expired.");
	}

	/**
	 * A confirmed enrolment: the recovery codes, shown this once, and the new session's tokens.
	 *
	 * @param recoveryCodes the ten recovery codes
	 * @param tokens the session's tokens
	 */
	public record Enrolled(List<String> recoveryCodes, TokenPair tokens) {

		public Enrolled {
			recoveryCodes = List.copyOf(recoveryCodes);
			Objects.requireNonNull(tokens, "tokens must not be null");
		}

		@Override
		public String toString() {
			return "Enrolled[<hidden>]";
		}

	}

	private record Outcome(@Nullable Enrolled enrolled, AuthErrorCode error,
			Optional<MfaEnrolmentTokenStore.EnrolmentToken> token) {

		static Outcome failed(AuthErrorCode error, Optional<MfaEnrolmentTokenStore.EnrolmentToken> token) {
			return new Outcome(null, error, token);
		}

	}

}
