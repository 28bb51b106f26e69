package dev.systemauth.core.flow;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.SignInAccount;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.TokenPair;

/**
 * Signing in with an email and a password ({@code POST /auth/login}), keeping the session going
 * ({@code /refresh}) and signing out of it ({@code /logout}). The session itself is started, rotated and
 * ended by {@link SessionService}.
 * <p>
 * bcrypt never runs inside a transaction or while a connection is held: the password is verified after the
 * account lookup has returned its connection. When the {@link PasswordHasher} is too busy, login fails with
 * {@link AuthErrorCode#SERVER_BUSY} before it writes anything (a refused login is neither a failed attempt nor
 * an audit row).
 */
public final class SignInFlow {

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final PasswordHasher passwordHasher;

	private final AuditLog auditLog;

	private final ClassicSettings settings;

	private final AbuseGuard abuse;

	private final SignInCompletion completion;

	public SignInFlow(UserStore accounts, WorkspaceService workspaces, SessionService sessions,
			PasswordHasher passwordHasher, AuditLog auditLog, ClassicSettings settings, AbuseGuard abuse) {
		this(accounts, workspaces, sessions, passwordHasher, auditLog, settings, abuse,
				SignInCompletion.sessionsOnly(sessions));
	}

	/**
	 * @param completion starts the session or, for a user with a second factor, issues the MFA challenge
	 */
	public SignInFlow(UserStore accounts, WorkspaceService workspaces, SessionService sessions,
			PasswordHasher passwordHasher, AuditLog auditLog, ClassicSettings settings, AbuseGuard abuse,
			SignInCompletion completion) {
		this.completion = completion;
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.sessions = sessions;
		this.passwordHasher = passwordHasher;
		this.auditLog = auditLog;
		this.settings = settings;
		this.abuse = abuse;
	}

	/**
	 * Signs in with a password. Three statements when it succeeds: the attempt reserved against the limits
	 * (before bcrypt, so a burst of parallel guesses cannot all be checked), the account read together with its
	 * active memberships, and one statement that starts the session and writes the audit row and the counters'
	 * settlement. bcrypt runs in between, holding no connection.
	 * @param request the email, the password and, optionally, the workspace to sign in to
	 * @param client who asked
	 * @return the new session's tokens
	 * @throws AuthException {@link AuthErrorCode#ACCESS_DENIED} when the user has a second factor (use
	 * {@link #loginOrChallenge})
	 */
	public TokenPair login(AuthRequests.Login request, ClientInfo client) {
		return loginOrChallenge(request, client).requireTokens();
	}

	/**
	 * Signs in with a password, as {@link #login}, but answers with the MFA challenge instead of tokens when
	 * the user has a second factor.
	 * @param request the email, the password and, optionally, the workspace to sign in to
	 * @param client who asked
	 * @return the tokens, or the challenge
	 */
	public SignInResult loginOrChallenge(AuthRequests.Login request, ClientInfo client) {
		String password = FlowErrors.require(request.password(), "password");
		String email = EmailAddress.normalize(request.email());
		// counted before bcrypt, so a burst of parallel guesses cannot all pass the limits
		AbuseGuard.CredentialAttempt attempt = this.abuse.reserveCredentialAttempt(email, client);
		boolean locked = attempt.accountLocked();
		SignInAccount found;
		boolean matches;
		try {
			found = this.accounts.findForSignIn(email)
				.filter((a) -> a.account().passwordHash() != null)
				.orElse(null);
			// a locked account spends the same bcrypt time on the dummy hash: its password is never evaluated
			matches = (found != null && !locked)
					? this.passwordHasher.matches(password, found.account().passwordHash())
					: this.passwordHasher.verifyAgainstDummy(password);
		}
		catch (RuntimeException ex) {
			CredentialAttempts.abandon(attempt, ex);
			throw ex;
		}
		// bcrypt reads 72 bytes: a longer password could match a stored one it merely starts with
		boolean tooLong = password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES;
		if (!matches || locked || tooLong) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.FAILURE, null,
					(found != null) ? found.account().id() : null, client,
					Map.of("reason", locked ? "account_locked" : "invalid_credentials")));
			throw new AuthException(AuthErrorCode.INVALID_CREDENTIALS, "Invalid email or password.");
		}
		UserAccount account = found.account();
		Membership membership;
		try {
			requireUsable(account, client);
			membership = WorkspaceChoice.select(found.activeMemberships(), request.workspaceId());
		}
		catch (AuthException ex) {
			// the password was right: the failures are forgotten even though no session starts
			attempt.succeeded();
			throw ex;
		}
		return this.completion.complete(account.id(), membership.workspaceId(), client,
				AuditEvent.success(AuditEventType.LOGIN, membership.workspaceId(), account.id(), client),
				attempt.onSuccess());
	}

	/**
	 * Rotates the refresh token of a session, while its user is still an active member of its workspace.
	 * @param request the refresh token
	 * @param client who asked
	 * @return the session's new tokens
	 */
	public TokenPair refresh(AuthRequests.Refresh request, ClientInfo client) {
		String token = FlowErrors.requireToken(request.refreshToken(), "refreshToken");
		return this.sessions.refresh(token, this::isActiveMember, client);
	}

	/**
	 * Ends the session of a refresh token; unknown tokens are ignored (logout is idempotent).
	 * @param request the refresh token
	 * @param client who asked
	 */
	public void logout(AuthRequests.Refresh request, ClientInfo client) {
		String token = FlowErrors.requireToken(request.refreshToken(), "refreshToken");
		this.sessions.logout(token, client);
	}

	private void requireUsable(UserAccount account, ClientInfo client) {
		if (!account.isActive()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.DENIED, null,
					account.id(), client, Map.of("reason", "account_disabled")));
			throw new AuthException(AuthErrorCode.ACCOUNT_DISABLED, "This account is disabled.");
		}
		if (this.settings.requireEmailVerification() && !account.isEmailVerified()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.DENIED, null,
					account.id(), client, Map.of("reason", "email_not_verified")));
			throw new AuthException(AuthErrorCode.EMAIL_NOT_VERIFIED, "Verify your email address before signing in.");
		}
	}

	private boolean isActiveMember(UUID userId, UUID workspaceId) {
		return this.workspaces.activeRole(workspaceId, userId).isPresent();
	}

}
