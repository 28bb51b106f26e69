package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.AccountRegistration.NewUser;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.PasswordContext;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * Signing up with an email and a password ({@code POST /auth/signup}): the account, its first workspace and
 * the owner membership through {@link AccountRegistration}, the first verification code or link, and, when no
 * verification is required, a session from {@link SessionService}, all in one transaction. The password is
 * hashed before it; when the hasher is too busy, signup fails with {@link AuthErrorCode#SERVER_BUSY} having
 * written nothing. The verification mail goes out after the commit, off the request thread.
 */
public final class SignupFlow {

	private final AuthDatabase database;

	private final AccountRegistration registration;

	private final SessionService sessions;

	private final Verifications verifications;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final ClassicSettings settings;

	private final Clock clock;

	public SignupFlow(AuthDatabase database, AccountRegistration registration, SessionService sessions,
			OneTimeTokenStore oneTimeTokens, TokenHasher hasher, PasswordHasher passwordHasher,
			PasswordPolicy passwordPolicy, MailDispatcher mail, AuthMailTemplates templates, AuthLinks links,
			ClassicSettings settings, Clock clock) {
		this.database = database;
		this.registration = registration;
		this.sessions = sessions;
		this.verifications = new Verifications(oneTimeTokens, hasher, mail, templates, links, settings);
		this.passwordHasher = passwordHasher;
		this.passwordPolicy = passwordPolicy;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Signs up.
	 * @param request the email, the password and, optionally, the workspace's name and slug
	 * @param client who asked
	 * @return the new ids, and a session when no verification is pending
	 * @throws AuthException {@link AuthErrorCode#EMAIL_TAKEN} when the email has an account
	 */
	public SignupResult signup(AuthRequests.Signup request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		String password = FlowErrors.require(request.password(), "password");
		this.passwordPolicy.check(password, PasswordContext.forEmail(email));
		String workspaceName = (request.workspaceName() != null) ? request.workspaceName() : defaultWorkspaceName(email);
		String passwordHash = this.passwordHasher.hash(password);
		UUID userId = UUID.randomUUID();
		boolean pending = this.settings.requireEmailVerification();
		Instant now = this.clock.instant();
		Signup signup = this.database.inTransaction(() -> {
			Workspace workspace = this.registration
				.register(new NewUser(userId, email, passwordHash, false, now), workspaceName, request.workspaceSlug(),
						AuditEventType.SIGNUP, client)
				.orElseThrow(() -> new AuthException(AuthErrorCode.EMAIL_TAKEN,
						"An account with this email already exists."));
			String secret = this.verifications.create(userId, workspace.id(), now);
			TokenPair tokens = pending ? null : this.sessions.start(userId, workspace.id(), client);
			return new Signup(workspace.id(), secret, tokens);
		});
		this.verifications.send(email, signup.verificationSecret);
		return new SignupResult(userId, signup.workspaceId, pending, signup.tokens);
	}

	private static String defaultWorkspaceName(String email) {
		String local = email.substring(0, email.indexOf('@'));
		return (local.length() > 100 ? local.substring(0, 100) : local) + "'s workspace";
	}

	private record Signup(UUID workspaceId, String verificationSecret, @Nullable TokenPair tokens) {
	}

}
