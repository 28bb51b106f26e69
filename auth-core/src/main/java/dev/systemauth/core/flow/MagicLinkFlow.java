package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.EmailAddress;
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
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * Signing in with a link sent by email: asking for it ({@code POST /auth/magic-link/request}) and using it
 * ({@code /magic-link/consume}), which starts a session through {@link SessionService}. The link proves control
 * of the mailbox, so it also verifies the email, and claims an account that was never verified (see
 * {@code UnverifiedAccountClaim}).
 */
public final class MagicLinkFlow {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final SignInCompletion completion;

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final MailDispatcher mail;

	private final AuthMailTemplates templates;

	private final AuthLinks links;

	private final ClassicSettings settings;

	private final Clock clock;

	private final OneTimeLinks oneTimeLinks;

	private final CredentialAttempts attempts;

	private final MailRequests mailRequests;

	private final UnverifiedAccountClaim claim;

	public MagicLinkFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, OneTimeTokenStore oneTimeTokens, TokenHasher hasher, AuditLog auditLog,
			MailDispatcher mail, AuthMailTemplates templates, AuthLinks links, ClassicSettings settings,
			AbuseGuard abuse, Clock clock) {
		this(database, accounts, workspaces, sessions, oneTimeTokens, hasher, auditLog, mail, templates, links,
				settings, abuse, clock, SignInCompletion.sessionsOnly(sessions));
	}

	/**
	 * @param completion starts the session or, for a user with a second factor, issues the MFA challenge
	 */
	public MagicLinkFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, OneTimeTokenStore oneTimeTokens, TokenHasher hasher, AuditLog auditLog,
			MailDispatcher mail, AuthMailTemplates templates, AuthLinks links, ClassicSettings settings,
			AbuseGuard abuse, Clock clock, SignInCompletion completion) {
		this.completion = completion;
		this.database = database;
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.sessions = sessions;
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.auditLog = auditLog;
		this.mail = mail;
		this.templates = templates;
		this.links = links;
		this.settings = settings;
		this.clock = clock;
		this.oneTimeLinks = new OneTimeLinks(database, oneTimeTokens, hasher, auditLog, clock);
		this.attempts = new CredentialAttempts(abuse);
		this.mailRequests = new MailRequests(accounts, abuse, mail);
		this.claim = new UnverifiedAccountClaim(accounts, sessions, auditLog, clock);
	}

	/**
	 * Sends a magic sign-in link when the account exists and is active (and a member of the workspace, when
	 * one is named); the same answer, in body and time, either way.
	 * @param request the email and, optionally, the workspace the link signs in to
	 * @param client who asked
	 */
	public void requestMagicLink(AuthRequests.MagicLink request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		UUID workspaceId = request.workspaceId();
		this.mailRequests.afterMailRequest(email, client,
				(account) -> account.isActive() && (workspaceId == null || isActiveMember(account.id(), workspaceId)),
				(account) -> sendMagicLink(email, account.id(), workspaceId, client));
	}

	private void sendMagicLink(String email, UUID userId, @Nullable UUID workspaceId, ClientInfo client) {
		String token = this.oneTimeLinks.issue(OneTimeTokenKind.MAGIC_LINK, userId, workspaceId,
				this.settings.magicLinkTtl(),
				AuditEvent.success(AuditEventType.MAGIC_LINK_REQUESTED, workspaceId, userId, client));
		this.mail.dispatch(
				this.templates.magicLink(email, this.links.magicLink(token), this.settings.magicLinkTtl()));
	}

	/**
	 * Signs in with a magic link. When the user has several workspaces and the link names none, the link stays
	 * unused and the answer lists the workspaces to choose from.
	 * @param token the link's token
	 * @param workspaceId the workspace chosen, when the link names none
	 * @param client who asked
	 * @return the new session's tokens
	 */
	public TokenPair consumeMagicLink(@Nullable String token, @Nullable UUID workspaceId, ClientInfo client) {
		return consumeMagicLinkOrChallenge(token, workspaceId, client).requireTokens();
	}

	/**
	 * Signs in with a magic link, as {@link #consumeMagicLink}, but answers with the MFA challenge instead of
	 * tokens when the user has a second factor.
	 * @return the tokens, or the challenge
	 */
	public SignInResult consumeMagicLinkOrChallenge(@Nullable String token, @Nullable UUID workspaceId,
			ClientInfo client) {
		String[] tokenHash = this.hasher.candidates(FlowErrors.requireToken(token, "token"));
		Instant now = this.clock.instant();
		return this.attempts.check(client, (ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN,
				() -> consumeNow(tokenHash, workspaceId, now, client));
	}

	private SignInResult consumeNow(String[] tokenHash, @Nullable UUID workspaceId, Instant now, ClientInfo client) {
		return this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.MAGIC_LINK, tokenHash, now)
				.orElseThrow(MagicLinkFlow::invalidLink);
			UserAccount account = this.accounts.findById(consumed.userId())
				.filter(UserAccount::isActive)
				.orElseThrow(MagicLinkFlow::invalidLink);
			Membership membership = WorkspaceChoice.select(this.workspaces.activeMembershipsOf(account.id()),
					(consumed.workspaceId() != null) ? consumed.workspaceId() : workspaceId);
			this.claim.claimIfNeverVerified(account, membership.workspaceId(), "magic_link", client);
			this.accounts.markEmailVerified(account.id(), now);
			return this.completion.complete(account.id(), membership.workspaceId(), client,
					AuditEvent.success(AuditEventType.MAGIC_LINK_CONSUMED, membership.workspaceId(), account.id(), client),
					ThrottleSettlement.NONE);
		});
	}

	private boolean isActiveMember(UUID userId, UUID workspaceId) {
		return this.workspaces.activeRole(workspaceId, userId).isPresent();
	}

	private static AuthException invalidLink() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The magic link is invalid, used or expired.");
	}

}
