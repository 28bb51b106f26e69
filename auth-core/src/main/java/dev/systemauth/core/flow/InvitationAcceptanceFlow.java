package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.invitation.Invitation;
import dev.systemauth.core.invitation.InvitationStore;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.password.PasswordContext;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;

/**
 * Accepting an invitation, by a signed-in user ({@code POST /auth/invitations/accept}) or by signing up with
 * it ({@code POST /auth/signup} with {@code invitationToken}, even when public signup is off). Either way the
 * invitation's row is locked ({@code FOR UPDATE}) for the transaction that joins the workspace and marks it
 * accepted, so one token has one winner; a wrong account leaves it pending.
 * <p>
 * A signed-in user's new session is started from the session they are signed in with
 * ({@link SessionService#startFrom}, as a workspace switch): it ends when that one ends. A signup starts a new
 * session ({@link SessionService#start}); its email counts as verified, since the link was mailed to it.
 */
public final class InvitationAcceptanceFlow {

	private final AuthDatabase database;

	private final InvitationStore invitations;

	private final UserStore accounts;

	private final AccountRegistration registration;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final TokenHasher hasher;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final AuditLog auditLog;

	private final Clock clock;

	private final @Nullable MfaEnrolmentTokens enrolments;

	public InvitationAcceptanceFlow(AuthDatabase database, InvitationStore invitations, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, TokenHasher hasher, PasswordHasher passwordHasher,
			PasswordPolicy passwordPolicy, AuditLog auditLog, Clock clock) {
		this(database, invitations, accounts, workspaces, sessions, hasher, passwordHasher, passwordPolicy, auditLog,
				clock, null);
	}

	/**
	 * @param enrolments the enrolment tokens of the workspace MFA policy, or {@code null} when it is not
	 * enforced: a signup into a workspace that requires a second factor then answers with one instead of a
	 * session, and a signed-in user without a second factor cannot accept into it
	 */
	public InvitationAcceptanceFlow(AuthDatabase database, InvitationStore invitations, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, TokenHasher hasher, PasswordHasher passwordHasher,
			PasswordPolicy passwordPolicy, AuditLog auditLog, Clock clock, @Nullable MfaEnrolmentTokens enrolments) {
		this.enrolments = enrolments;
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.invitations = Objects.requireNonNull(invitations, "invitations must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.registration = new AccountRegistration(accounts, workspaces, auditLog);
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
		this.hasher = Objects.requireNonNull(hasher, "hasher must not be null");
		this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher must not be null");
		this.passwordPolicy = Objects.requireNonNull(passwordPolicy, "passwordPolicy must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Accepts an invitation as a signed-in user.
	 * @param userId the caller
	 * @param sessionId the caller's session ({@code sid})
	 * @param token the invitation token from the link
	 * @param client who asked
	 * @return tokens of a session in the invited workspace
	 * @throws AuthException {@link AuthErrorCode#INVALID_OR_EXPIRED_TOKEN} for an unknown, used, revoked or
	 * expired token; {@link AuthErrorCode#INVITATION_EMAIL_MISMATCH} unless the caller's verified email is the
	 * invited one (the invitation stays pending); {@link AuthErrorCode#MFA_ENROLMENT_REQUIRED} when the workspace
	 * requires a second factor the caller has none of (the invitation stays pending)
	 */
	public TokenPair accept(UUID userId, UUID sessionId, String token, ClientInfo client) {
		String presented = FlowErrors.requireToken(token, "token");
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			Invitation invitation = lock(presented, now);
			UserAccount account = this.accounts.findById(userId)
				.filter(UserAccount::isActive)
				.orElseThrow(() -> new AuthException(AuthErrorCode.INVALID_TOKEN, "The session has ended."));
			if (!account.isEmailVerified() || !account.email().equals(invitation.email())) {
				throw new AuthException(AuthErrorCode.INVITATION_EMAIL_MISMATCH,
						"This invitation was sent to another email address.");
			}
			if (this.enrolments != null) {
				this.enrolments.policy().requireSatisfied(userId, invitation.workspaceId());
			}
			if (this.workspaces.activeRole(invitation.workspaceId(), userId).isEmpty()) {
				this.workspaces.addMember(invitation.workspaceId(), userId, invitation.role(), client);
			}
			accepted(invitation, userId, "signed_in", now, client);
			return this.sessions.startFrom(sessionId, userId, invitation.workspaceId(), client);
		});
	}

	/**
	 * Signs up with an invitation: a new account, verified, joining the inviting workspace only.
	 * @param email the email, which must be the invited one
	 * @param password the password
	 * @param token the invitation token from the link
	 * @param client who asked
	 * @return the new user, the invited workspace and a session, or an enrolment token instead when the
	 * workspace requires a second factor
	 * @throws AuthException {@link AuthErrorCode#INVALID_OR_EXPIRED_TOKEN},
	 * {@link AuthErrorCode#INVITATION_EMAIL_MISMATCH}, {@link AuthErrorCode#EMAIL_TAKEN} (an existing account
	 * accepts signed in)
	 */
	public SignupResult signup(String email, String password, String token, ClientInfo client) {
		String normalized = EmailAddress.normalize(email);
		String presented = FlowErrors.requireToken(token, "invitationToken");
		String validPassword = FlowErrors.require(password, "password");
		this.passwordPolicy.check(validPassword, PasswordContext.forEmail(normalized));
		String passwordHash = this.passwordHasher.hash(validPassword);
		UUID userId = UUID.randomUUID();
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			Invitation invitation = lock(presented, now);
			if (!invitation.email().equals(normalized)) {
				throw new AuthException(AuthErrorCode.INVITATION_EMAIL_MISMATCH,
						"This invitation was sent to another email address.");
			}
			AccountRegistration.NewUser user = new AccountRegistration.NewUser(userId, normalized, passwordHash,
					true, now);
			if (!this.registration.registerMember(user, invitation.workspaceId(), invitation.role(),
					AuditEventType.SIGNUP, client)) {
				throw new AuthException(AuthErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
			}
			accepted(invitation, userId, "signup", now, client);
			if (this.enrolments != null && this.enrolments.policy().enrolmentRequired(userId, invitation.workspaceId())) {
				return new SignupResult(userId, invitation.workspaceId(), false, null, this.enrolments.issue(userId,
						invitation.workspaceId(), client, null, ThrottleSettlement.NONE));
			}
			TokenPair tokens = this.sessions.start(userId, invitation.workspaceId(), client);
			return new SignupResult(userId, invitation.workspaceId(), false, tokens);
		});
	}

	private Invitation lock(String token, Instant now) {
		return this.invitations.lockPending(this.hasher.candidates(token), now)
			.orElseThrow(FlowErrors::invalidOneTimeToken);
	}

	private void accepted(Invitation invitation, UUID userId, String how, Instant now, ClientInfo client) {
		this.invitations.markAccepted(invitation, userId, now);
		this.auditLog.record(AuditEvent.of(AuditEventType.INVITATION_ACCEPTED, AuditEvent.Outcome.SUCCESS,
				invitation.workspaceId(), userId, client, Map.of("invitationId", invitation.id().toString(), "role",
						invitation.role().value(), "how", how)));
	}

}
