package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.ConsumedToken;
import dev.systemauth.core.onetime.OneTimeTokenKind;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.PasswordContext;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.TokenHasher;

/**
 * Resetting a forgotten password: asking for a link ({@code POST /auth/forgot-password}) and setting a new
 * password with it ({@code /reset-password}), which ends every session of the account through
 * {@link SessionService}. The new password is hashed before the consuming transaction; when the hasher is too
 * busy, the reset fails with {@link AuthErrorCode#SERVER_BUSY} having written nothing.
 */
public final class PasswordResetFlow {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final SessionService sessions;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final AuditLog auditLog;

	private final MailDispatcher mail;

	private final AuthMailTemplates templates;

	private final AuthLinks links;

	private final ClassicSettings settings;

	private final AbuseGuard abuse;

	private final Clock clock;

	private final OneTimeLinks oneTimeLinks;

	private final CredentialAttempts attempts;

	private final MailRequests mailRequests;

	public PasswordResetFlow(AuthDatabase database, UserStore accounts, OneTimeTokenStore oneTimeTokens,
			TokenHasher hasher, SessionService sessions, PasswordHasher passwordHasher, PasswordPolicy passwordPolicy,
			AuditLog auditLog, MailDispatcher mail, AuthMailTemplates templates, AuthLinks links,
			ClassicSettings settings, AbuseGuard abuse, Clock clock) {
		this.database = database;
		this.accounts = accounts;
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.sessions = sessions;
		this.passwordHasher = passwordHasher;
		this.passwordPolicy = passwordPolicy;
		this.auditLog = auditLog;
		this.mail = mail;
		this.templates = templates;
		this.links = links;
		this.settings = settings;
		this.abuse = abuse;
		this.clock = clock;
		this.oneTimeLinks = new OneTimeLinks(database, oneTimeTokens, hasher, auditLog, clock);
		this.attempts = new CredentialAttempts(abuse);
		this.mailRequests = new MailRequests(accounts, abuse, mail);
	}

	/**
	 * Sends a reset link when the account exists. The answer is the same, in body and time, either way: after
	 * the per-IP limit, the lookup and the token run off the request thread.
	 * @param request the email
	 * @param client who asked
	 */
	public void forgotPassword(AuthRequests.ForgotPassword request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		this.mailRequests.afterMailRequest(email, client, UserAccount::isActive,
				(account) -> sendResetLink(email, account.id(), client));
	}

	private void sendResetLink(String email, UUID userId, ClientInfo client) {
		String token = this.oneTimeLinks.issue(OneTimeTokenKind.PASSWORD_RESET, userId, null,
				this.settings.resetPasswordTtl(),
				AuditEvent.success(AuditEventType.PASSWORD_RESET_REQUESTED, null, userId, client));
		this.mail.dispatch(this.templates.passwordReset(email, this.links.resetPassword(token),
				this.settings.resetPasswordTtl()));
	}

	/**
	 * Sets a new password with a reset token: the password is changed, the email counts as verified (the link
	 * proved the mailbox), every other reset and magic link dies, and every session of the account ends. A
	 * lockout of the account ends too.
	 * @param request the token and the new password
	 * @param client who asked
	 */
	public void resetPassword(AuthRequests.ResetPassword request, ClientInfo client) {
		String token = FlowErrors.require(request.token(), "token");
		String password = FlowErrors.require(request.password(), "password");
		this.abuse.checkCredentialAttempt(client);
		String[] tokenHash = this.hasher.candidates(token);
		Instant now = this.clock.instant();
		this.passwordPolicy.check(password, resetContext(tokenHash, now));
		String passwordHash = this.passwordHasher.hash(password);
		UUID resetUserId = this.attempts.check(client, () -> this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.PASSWORD_RESET, tokenHash, now)
				.orElseThrow(FlowErrors::invalidOneTimeToken);
			UUID userId = consumed.userId();
			if (this.accounts.findById(userId).filter(UserAccount::isActive).isEmpty()) {
				throw FlowErrors.invalidOneTimeToken();
			}
			this.accounts.updatePassword(userId, passwordHash, now);
			this.accounts.markEmailVerified(userId, now);
			this.oneTimeTokens.invalidateAll(OneTimeTokenKind.PASSWORD_RESET, userId, now);
			this.oneTimeTokens.invalidateAll(OneTimeTokenKind.MAGIC_LINK, userId, now);
			this.sessions.revokeAll(userId, "password_reset");
			this.auditLog.record(AuditEvent.success(AuditEventType.PASSWORD_RESET_COMPLETED, null, userId, client));
			return userId;
		}));
		// whoever proves control of the mailbox ends a lockout of the account
		this.accounts.findById(resetUserId).ifPresent((account) -> this.abuse.recordSuccess(account.email()));
	}

	/**
	 * The account context of a reset, read before bcrypt and the consuming transaction (which must not hash):
	 * a look at the live token and its user, each statement in autocommit. An unknown or used token gets no
	 * context here; the transaction then refuses it.
	 */
	private PasswordContext resetContext(String[] tokenHash, Instant now) {
		return this.oneTimeTokens.findLiveUserId(OneTimeTokenKind.PASSWORD_RESET, tokenHash, now)
			.flatMap(this.accounts::findById)
			.map((account) -> PasswordContext.forEmail(account.email()))
			.orElse(PasswordContext.none());
	}

}
