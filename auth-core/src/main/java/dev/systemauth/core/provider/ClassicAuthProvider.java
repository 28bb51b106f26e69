package dev.systemauth.core.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

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
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.ConsumedToken;
import dev.systemauth.core.onetime.OneTimeTokenKind;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.onetime.PendingCode;
import dev.systemauth.core.password.PasswordContext;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.provider.ClassicSettings.VerificationMode;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.SessionTokens;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * The classic email/password provider: signup, login, refresh, logout, email verification, password
 * reset and magic links.
 * <p>
 * Every flow that writes more than one row runs in one transaction with its audit row. bcrypt never runs
 * inside a transaction or while a connection is held: passwords are hashed before the transaction starts,
 * and verified after the account lookup has returned its connection. When the {@link PasswordHasher} is too
 * busy, signup, login and reset fail with {@link AuthErrorCode#SERVER_BUSY} before they write anything (a
 * refused login is neither a failed attempt nor an audit row). Mail goes out after the commit, off the
 * request thread.
 */
public final class ClassicAuthProvider implements AuthProvider {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionTokens sessions;

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final AuditLog auditLog;

	private final MailDispatcher mail;

	private final AuthMailTemplates templates;

	private final AuthLinks links;

	private final ClassicSettings settings;

	private final AbuseGuard abuse;

	private final Clock clock;

	public ClassicAuthProvider(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionTokens sessions, OneTimeTokenStore oneTimeTokens, TokenHasher hasher, PasswordHasher passwordHasher,
			PasswordPolicy passwordPolicy, AuditLog auditLog, MailDispatcher mail, AuthMailTemplates templates,
			AuthLinks links, ClassicSettings settings, AbuseGuard abuse, Clock clock) {
		this.database = database;
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.sessions = sessions;
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.passwordHasher = passwordHasher;
		this.passwordPolicy = passwordPolicy;
		this.auditLog = auditLog;
		this.mail = mail;
		this.templates = templates;
		this.links = links;
		this.settings = settings;
		this.abuse = abuse;
		this.clock = clock;
	}

	@Override
	public String id() {
		return "classic";
	}

	public ClassicSettings settings() {
		return this.settings;
	}

	@Override
	public SignupResult signup(AuthRequests.Signup request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		String password = require(request.password(), "password");
		this.passwordPolicy.check(password, PasswordContext.forEmail(email));
		String workspaceName = (request.workspaceName() != null) ? request.workspaceName() : defaultWorkspaceName(email);
		String workspaceSlug = request.workspaceSlug();
		String passwordHash = this.passwordHasher.hash(password);
		UUID userId = UUID.randomUUID();
		boolean pending = this.settings.requireEmailVerification();
		Instant now = this.clock.instant();
		Signup signup = this.database.inTransaction(() -> {
			if (!this.accounts.insert(userId, email, passwordHash, false, now)) {
				throw new AuthException(AuthErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
			}
			Workspace workspace = this.workspaces.createWorkspace(workspaceName, workspaceSlug, client);
			this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, client);
			String secret = createVerification(userId, workspace.id(), now);
			this.auditLog.record(AuditEvent.success(AuditEventType.SIGNUP, workspace.id(), userId, client));
			TokenPair tokens = pending ? null : this.sessions.start(userId, workspace.id(), client);
			return new Signup(workspace.id(), secret, tokens);
		});
		sendVerification(email, signup.verificationSecret);
		return new SignupResult(userId, signup.workspaceId, pending, signup.tokens);
	}

	/**
	 * Signs in with a password. Three statements when it succeeds: the attempt reserved against the limits
	 * (before bcrypt, so a burst of parallel guesses cannot all be checked), the account read together with its
	 * active memberships, and one statement that starts the session and writes the audit row and the counters'
	 * settlement. bcrypt runs in between, holding no connection.
	 */
	@Override
	public TokenPair login(AuthRequests.Login request, ClientInfo client) {
		String password = require(request.password(), "password");
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
			abandon(attempt, ex);
			throw ex;
		}
		// bcrypt reads 72 bytes: a longer password could match a stored one it merely starts with
		boolean tooLong = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES;
		if (!matches || locked || tooLong) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.LOGIN, AuditEvent.Outcome.FAILURE, null,
					(found != null) ? found.account().id() : null, client,
					Map.of("reason", locked ? "account_locked" : "invalid_credentials")));
			throw invalidCredentials();
		}
		UserAccount account = found.account();
		Membership membership;
		try {
			requireUsable(account, client);
			membership = selectWorkspace(found.activeMemberships(), request.workspaceId());
		}
		catch (AuthException ex) {
			// the password was right: the failures are forgotten even though no session starts
			attempt.succeeded();
			throw ex;
		}
		return this.sessions.start(account.id(), membership.workspaceId(), client,
				AuditEvent.success(AuditEventType.LOGIN, membership.workspaceId(), account.id(), client),
				attempt.onSuccess());
	}

	@Override
	public TokenPair refresh(AuthRequests.Refresh request, ClientInfo client) {
		String token = request.refreshToken();
		if (token == null || token.isBlank()) {
			throw validation("refreshToken", "refreshToken is required.");
		}
		return this.sessions.refresh(token, (userId, workspaceId) -> isActiveMember(userId, workspaceId), client);
	}

	/** Ends the session of a refresh token; unknown tokens are ignored (logout is idempotent). */
	public void logout(AuthRequests.Refresh request, ClientInfo client) {
		String token = request.refreshToken();
		if (token == null || token.isBlank()) {
			throw validation("refreshToken", "refreshToken is required.");
		}
		this.sessions.revoke(token, client);
	}

	/**
	 * Starts a session in another workspace of the caller, who must be an active member there, from the live
	 * session the caller is signed in with. The new session ends when that one ends; that one goes on, so two
	 * tabs can work in two workspaces.
	 * @param userId the authenticated user
	 * @param sessionId the session of the caller's access token ({@code sid})
	 * @param workspaceId the target workspace
	 * @param client who asked
	 * @return the new token pair
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when the caller's session has ended;
	 * {@link AuthErrorCode#MEMBERSHIP_INACTIVE} without an active membership in the target workspace
	 */
	public TokenPair switchWorkspace(UUID userId, UUID sessionId, UUID workspaceId, ClientInfo client) {
		if (!isActiveMember(userId, workspaceId)) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.WORKSPACE_SWITCHED, AuditEvent.Outcome.DENIED,
					workspaceId, userId, client, Map.of("reason", "membership_inactive")));
			throw new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
					"You have no active membership in this workspace.");
		}
		return this.database.inTransaction(() -> {
			TokenPair tokens = this.sessions.startFrom(sessionId, userId, workspaceId, client);
			this.auditLog.record(AuditEvent.of(AuditEventType.WORKSPACE_SWITCHED, AuditEvent.Outcome.SUCCESS,
					workspaceId, userId, client, Map.of("fromSessionId", sessionId.toString())));
			return tokens;
		});
	}

	/**
	 * Sends a reset link when the account exists. The answer is the same, in body and time, either way: after
	 * the per-IP limit, the lookup and the token run off the request thread.
	 */
	@Override
	public void forgotPassword(AuthRequests.ForgotPassword request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		afterMailRequest(email, client, UserAccount::isActive, (account) -> sendResetLink(email, account.id(), client));
	}

	private void sendResetLink(String email, UUID userId, ClientInfo client) {
		String token = SecureTokens.newToken();
		Instant now = this.clock.instant();
		this.database.inTransaction(() -> {
			this.oneTimeTokens.insert(OneTimeTokenKind.PASSWORD_RESET, UUID.randomUUID(), userId, null,
					this.hasher.hash(token), now, now.plus(this.settings.resetPasswordTtl()));
			this.auditLog.record(AuditEvent.success(AuditEventType.PASSWORD_RESET_REQUESTED, null, userId, client));
		});
		this.mail.dispatch(this.templates.passwordReset(email, this.links.resetPassword(token),
				this.settings.resetPasswordTtl()));
	}

	@Override
	public void resetPassword(AuthRequests.ResetPassword request, ClientInfo client) {
		String token = require(request.token(), "token");
		String password = require(request.password(), "password");
		this.abuse.checkCredentialAttempt(client);
		String[] tokenHash = this.hasher.candidates(token);
		Instant now = this.clock.instant();
		this.passwordPolicy.check(password, resetContext(tokenHash, now));
		String passwordHash = this.passwordHasher.hash(password);
		UUID resetUserId = countingFailures(client, () -> this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.PASSWORD_RESET, tokenHash, now)
				.orElseThrow(ClassicAuthProvider::invalidOneTimeToken);
			UUID userId = consumed.userId();
			if (this.accounts.findById(userId).filter(UserAccount::isActive).isEmpty()) {
				throw invalidOneTimeToken();
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

	/**
	 * The shared shape of forgot-password, resend and magic-link requests: the per-IP limit on the request
	 * thread (so an outage is a 503), then, off it, the account lookup, the eligibility check, the
	 * per-recipient limit and the work, so that the answer's time does not depend on whether the account
	 * exists. {@code eligible} must hold everything that decides whether a message is sent.
	 */
	private void afterMailRequest(String email, ClientInfo client, java.util.function.Predicate<UserAccount> eligible,
			java.util.function.Consumer<UserAccount> send) {
		this.abuse.checkMailRequest(client);
		// only a message that will be sent counts toward the recipient's limit
		this.mail.submit(() -> this.accounts.findByEmail(email)
			.filter(eligible)
			.filter((account) -> this.abuse.allowMailTo(email))
			.ifPresent(send));
	}

	/**
	 * Runs a credential check as an attempt of the client's IP reserved before it: an {@link AuthException}
	 * leaves it counted as failed, a success or another error takes it back.
	 */
	private void countingFailures(ClientInfo client, Runnable check) {
		countingFailures(client, (ex) -> true, () -> {
			check.run();
			return null;
		});
	}

	private <T> T countingFailures(ClientInfo client, java.util.function.Supplier<T> check) {
		return countingFailures(client, (ex) -> true, check);
	}

	private <T> T countingFailures(ClientInfo client, java.util.function.Predicate<AuthException> failed,
			java.util.function.Supplier<T> check) {
		AbuseGuard.CredentialAttempt attempt = this.abuse.reserveCredentialAttempt(null, client);
		T result;
		try {
			result = check.get();
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof AuthException auth && failed.test(auth))) {
				abandon(attempt, ex);
			}
			throw ex;
		}
		attempt.succeeded();
		return result;
	}

	/** Takes back an attempt whose credential was never judged, keeping the error that stopped it. */
	private static void abandon(AbuseGuard.CredentialAttempt attempt, RuntimeException cause) {
		try {
			attempt.abandon();
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

	@Override
	public void verifyEmail(AuthRequests.VerifyEmail request, ClientInfo client) {
		if (this.settings.verificationMode() == VerificationMode.CLICK) {
			String token = require(request.token(), "token");
			countingFailures(client, () -> verifyEmailByLink(token, client));
		}
		else {
			String email = EmailAddress.normalize(request.email());
			String code = require(request.code(), "code");
			countingFailures(client, () -> verifyEmailByCode(email, code, client));
		}
	}

	private void verifyEmailByLink(String token, ClientInfo client) {
		String[] tokenHash = this.hasher.candidates(token);
		Instant now = this.clock.instant();
		this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.EMAIL_VERIFICATION, tokenHash, now)
				.orElseThrow(ClassicAuthProvider::invalidOneTimeToken);
			this.accounts.markEmailVerified(consumed.userId(), now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFIED, consumed.workspaceId(),
					consumed.userId(), client));
		});
	}

	/**
	 * Checks a code. Every refusal runs the same statements, so the answer's time does not tell whether the
	 * account exists: an unknown email, a code of the wrong length and a dead code lock and count against ids
	 * that match nothing, and are audited like a wrong code (an unknown email with no user).
	 */
	private void verifyEmailByCode(String email, String code, ClientInfo client) {
		@Nullable UUID userId = this.accounts.findByEmail(email).map(UserAccount::id).orElse(null);
		boolean wellFormed = code.length() == this.settings.verificationCodeLength();
		UUID owner = (userId != null && wellFormed) ? userId : UUID.randomUUID();
		Instant now = this.clock.instant();
		boolean verified = this.database.inTransaction(() -> {
			Optional<PendingCode> pending = this.oneTimeTokens.latestCodeForUpdate(owner, now);
			boolean live = pending.isPresent() && pending.get().attempts() < this.settings.maxCodeAttempts();
			UUID codeId = live ? pending.get().id() : UUID.randomUUID();
			String stored = live ? pending.get().tokenHash() : "";
			boolean matches = matchesAny(stored, this.hasher.candidates(codeInput(codeId, code)));
			if (!live || !matches) {
				this.oneTimeTokens.incrementAttempts(codeId);
				return false;
			}
			this.oneTimeTokens.markConsumed(codeId, now);
			this.accounts.markEmailVerified(owner, now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFIED, null, owner, client));
			return true;
		});
		if (!verified) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.EMAIL_VERIFIED, AuditEvent.Outcome.FAILURE, null,
					userId, client, Map.of("reason", "invalid_code")));
			throw invalidCode();
		}
	}

	/**
	 * Sends a new verification code or link when the account exists and is not verified yet; the same answer,
	 * in body and time, either way.
	 */
	public void resendVerification(AuthRequests.ForgotPassword request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		afterMailRequest(email, client, (account) -> account.isActive() && !account.isEmailVerified(),
				(account) -> resendVerificationNow(email, account.id(), client));
	}

	private void resendVerificationNow(String email, UUID userId, ClientInfo client) {
		Instant now = this.clock.instant();
		String secret = this.database.inTransaction(() -> {
			this.oneTimeTokens.invalidateAll(OneTimeTokenKind.EMAIL_VERIFICATION, userId, now);
			String created = createVerification(userId, null, now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFICATION_SENT, null, userId, client));
			return created;
		});
		sendVerification(email, secret);
	}

	/**
	 * Sends a magic sign-in link when the account exists and is active; the same answer, in body and time,
	 * either way.
	 */
	public void requestMagicLink(AuthRequests.MagicLink request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		UUID workspaceId = request.workspaceId();
		afterMailRequest(email, client,
				(account) -> account.isActive() && (workspaceId == null || isActiveMember(account.id(), workspaceId)),
				(account) -> sendMagicLink(email, account.id(), workspaceId, client));
	}

	private void sendMagicLink(String email, UUID userId, @Nullable UUID workspaceId, ClientInfo client) {
		String token = SecureTokens.newToken();
		Instant now = this.clock.instant();
		this.database.inTransaction(() -> {
			this.oneTimeTokens.insert(OneTimeTokenKind.MAGIC_LINK, UUID.randomUUID(), userId, workspaceId,
					this.hasher.hash(token), now, now.plus(this.settings.magicLinkTtl()));
			this.auditLog.record(AuditEvent.success(AuditEventType.MAGIC_LINK_REQUESTED, workspaceId, userId, client));
		});
		this.mail.dispatch(
				this.templates.magicLink(email, this.links.magicLink(token), this.settings.magicLinkTtl()));
	}

	/**
	 * Signs in with a magic link. The link proves control of the mailbox, so it also verifies the email.
	 * When the user has several workspaces and the link names none, the link stays unused and the answer
	 * lists the workspaces to choose from.
	 */
	public TokenPair consumeMagicLink(@Nullable String token, @Nullable UUID workspaceId, ClientInfo client) {
		if (token == null || token.isBlank()) {
			throw validation("token", "token is required.");
		}
		String[] tokenHash = this.hasher.candidates(token);
		Instant now = this.clock.instant();
		return countingFailures(client, (ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN,
				() -> consumeMagicLinkNow(tokenHash, workspaceId, now, client));
	}

	private TokenPair consumeMagicLinkNow(String[] tokenHash, @Nullable UUID workspaceId, Instant now,
			ClientInfo client) {
		return this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.MAGIC_LINK, tokenHash, now)
				.orElseThrow(() -> new AuthException(AuthErrorCode.INVALID_TOKEN,
						"The magic link is invalid, used or expired."));
			UserAccount account = this.accounts.findById(consumed.userId())
				.filter(UserAccount::isActive)
				.orElseThrow(() -> new AuthException(AuthErrorCode.INVALID_TOKEN,
						"The magic link is invalid, used or expired."));
			Membership membership = selectWorkspace(account.id(),
					(consumed.workspaceId() != null) ? consumed.workspaceId() : workspaceId);
			claimIfNeverVerified(account, membership.workspaceId(), "magic_link", client);
			this.accounts.markEmailVerified(account.id(), now);
			TokenPair tokens = this.sessions.start(account.id(), membership.workspaceId(), client);
			this.auditLog.record(
					AuditEvent.success(AuditEventType.MAGIC_LINK_CONSUMED, membership.workspaceId(), account.id(), client));
			return tokens;
		});
	}

	/**
	 * The pre-hijacking defence. Whoever signed up with an address they do not control chose the password of
	 * an account that was never verified; when the owner of the mailbox first proves control of it through
	 * another channel (a magic link now, an identity provider later), that password is cleared and every
	 * session of the account ends, so the squatter is shut out. The owner sets a password with a reset.
	 * Joins the caller's transaction.
	 */
	private void claimIfNeverVerified(UserAccount account, UUID workspaceId, String channel, ClientInfo client) {
		if (account.isEmailVerified()) {
			return;
		}
		boolean hadPassword = account.passwordHash() != null;
		this.accounts.clearPassword(account.id(), this.clock.instant());
		int ended = this.sessions.revokeAll(account.id(), "unverified_account_claimed");
		this.auditLog.record(AuditEvent.of(AuditEventType.UNVERIFIED_ACCOUNT_CLAIMED, AuditEvent.Outcome.SUCCESS,
				workspaceId, account.id(), client, Map.of("channel", channel, "passwordCleared",
						Boolean.toString(hadPassword), "sessionsEnded", Integer.toString(ended))));
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

	private Membership selectWorkspace(UUID userId, @Nullable UUID requested) {
		return selectWorkspace(this.workspaces.activeMembershipsOf(userId), requested);
	}

	private static Membership selectWorkspace(List<Membership> active, @Nullable UUID requested) {
		if (requested != null) {
			return active.stream()
				.filter((m) -> m.workspaceId().equals(requested))
				.findFirst()
				.orElseThrow(() -> new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
						"You have no active membership in this workspace."));
		}
		if (active.size() == 1) {
			return active.get(0);
		}
		if (active.isEmpty()) {
			throw new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE, "You have no active workspace membership.");
		}
		List<Map<String, Object>> choices = active.stream().map(ClassicAuthProvider::choice).toList();
		throw new AuthException(AuthErrorCode.WORKSPACE_SELECTION_REQUIRED,
				"Choose a workspace: send workspaceId with one of the listed ids.", Map.of("workspaces", choices));
	}

	private static Map<String, Object> choice(Membership membership) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("workspaceId", membership.workspaceId().toString());
		choice.put("name", membership.workspaceName());
		choice.put("slug", membership.workspaceSlug());
		choice.put("role", membership.role().value());
		return choice;
	}

	private boolean isActiveMember(UUID userId, UUID workspaceId) {
		return this.workspaces.activeRole(workspaceId, userId).isPresent();
	}

	/** Creates a verification code or link token and returns the secret to send. Joins the transaction. */
	private String createVerification(UUID userId, @Nullable UUID workspaceId, Instant now) {
		UUID id = UUID.randomUUID();
		Instant expiresAt = now.plus(this.settings.verificationTtl());
		if (this.settings.verificationMode() == VerificationMode.CODE) {
			String code = SecureTokens.newCode(this.settings.verificationCodeLength());
			this.oneTimeTokens.insertVerification(id, userId, workspaceId, this.hasher.hash(codeInput(id, code)), "code",
					now, expiresAt);
			return code;
		}
		String token = SecureTokens.newToken();
		this.oneTimeTokens.insertVerification(id, userId, workspaceId, this.hasher.hash(token), "link", now, expiresAt);
		return token;
	}

	private void sendVerification(String email, String secret) {
		if (this.settings.verificationMode() == VerificationMode.CODE) {
			this.mail.dispatch(this.templates.verificationCode(email, secret, this.settings.verificationTtl()));
		}
		else {
			this.mail.dispatch(this.templates.verificationLink(email, this.links.verifyEmail(secret),
					this.settings.verificationTtl()));
		}
	}

	private static boolean matchesAny(String stored, String[] candidates) {
		boolean matches = false;
		for (String candidate : candidates) {
			matches |= TokenHasher.equal(stored, candidate);
		}
		return matches;
	}

	/** A code is hashed together with its row id: equal codes of two users never collide. */
	private static String codeInput(UUID id, String code) {
		return "code:" + id + ":" + code;
	}

	private static String defaultWorkspaceName(String email) {
		String local = email.substring(0, email.indexOf('@'));
		return (local.length() > 100 ? local.substring(0, 100) : local) + "'s workspace";
	}

	private static String require(@Nullable String value, String field) {
		if (value == null || value.isEmpty()) {
			throw validation(field, field + " is required.");
		}
		return value;
	}

	private static AuthException validation(String field, String message) {
		return new AuthException(AuthErrorCode.VALIDATION_FAILED, message, Map.of("field", field));
	}

	private static AuthException invalidCredentials() {
		return new AuthException(AuthErrorCode.INVALID_CREDENTIALS, "Invalid email or password.");
	}

	private static AuthException invalidOneTimeToken() {
		return new AuthException(AuthErrorCode.INVALID_OR_EXPIRED_TOKEN, "The token is invalid, used or expired.");
	}

	private static AuthException invalidCode() {
		return new AuthException(AuthErrorCode.INVALID_CODE, "The verification code is invalid or expired.");
	}

	private record Signup(UUID workspaceId, String verificationSecret, @Nullable TokenPair tokens) {
	}

}
