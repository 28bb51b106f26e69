package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.invitation.Invitation;
import dev.systemauth.core.invitation.InvitationSettings;
import dev.systemauth.core.invitation.InvitationStore;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Inviting people into a workspace ({@code /auth/workspaces/{id}/invitations}): an owner or admin invites an
 * email address with a role (only an owner invites an owner), lists the pending invitations and revokes one.
 * The mailed link carries a single-use token; only its keyed hash is stored. Mail is limited per inviter,
 * per workspace and per recipient ({@link InvitationSettings}), counted in one statement before anything is
 * written. Accepting is {@link InvitationAcceptanceFlow}.
 */
public final class InvitationFlow {

	private final AuthDatabase database;

	private final InvitationStore invitations;

	private final WorkspaceService workspaces;

	private final UserStore accounts;

	private final TokenHasher hasher;

	private final ThrottleStore throttle;

	private final MailDispatcher mail;

	private final AuthMailTemplates templates;

	private final AuthLinks links;

	private final AuditLog auditLog;

	private final InvitationSettings settings;

	private final Clock clock;

	public InvitationFlow(AuthDatabase database, InvitationStore invitations, WorkspaceService workspaces,
			UserStore accounts, TokenHasher hasher, ThrottleStore throttle, MailDispatcher mail,
			AuthMailTemplates templates, AuthLinks links, AuditLog auditLog, InvitationSettings settings,
			Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.invitations = Objects.requireNonNull(invitations, "invitations must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.hasher = Objects.requireNonNull(hasher, "hasher must not be null");
		this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
		this.mail = Objects.requireNonNull(mail, "mail must not be null");
		this.templates = Objects.requireNonNull(templates, "templates must not be null");
		this.links = Objects.requireNonNull(links, "links must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Invites an email address into a workspace and mails the link.
	 * @param workspaceId the workspace
	 * @param inviterId the inviting member
	 * @param email the address to invite
	 * @param role the role the invitee gets
	 * @param client who asked
	 * @return the pending invitation
	 * @throws AuthException {@link AuthErrorCode#FORBIDDEN_ROLE} unless the inviter is an owner or admin, and an
	 * owner to invite an owner; {@link AuthErrorCode#ALREADY_MEMBER} when the address is an active member;
	 * {@link AuthErrorCode#TOO_MANY_REQUESTS} beyond a mail limit
	 */
	public Invitation invite(UUID workspaceId, UUID inviterId, String email, MembershipRole role, ClientInfo client) {
		String normalized = EmailAddress.normalize(email);
		MembershipRole inviterRole = requireAdministrator(workspaceId, inviterId);
		if (role == MembershipRole.OWNER && inviterRole != MembershipRole.OWNER) {
			throw new AuthException(AuthErrorCode.FORBIDDEN_ROLE, "Only an owner may invite an owner.");
		}
		boolean member = this.accounts.findByEmail(normalized)
			.map((account) -> this.workspaces.activeRole(workspaceId, account.id()).isPresent())
			.orElse(false);
		if (member) {
			throw new AuthException(AuthErrorCode.ALREADY_MEMBER, "This address is already a member of the workspace.");
		}
		Workspace workspace = this.workspaces.findWorkspace(workspaceId)
			.orElseThrow(() -> new AuthException(AuthErrorCode.NOT_FOUND, "No such workspace."));
		Instant now = this.clock.instant();
		checkLimits(workspaceId, inviterId, normalized, now);
		String token = SecureTokens.newToken();
		Invitation invitation = new Invitation(UUID.randomUUID(), workspaceId, normalized, role, now,
				now.plus(this.settings.ttl()));
		this.database.inTransaction(() -> {
			this.invitations.insert(invitation, this.hasher.hash(token), inviterId);
			this.auditLog.record(AuditEvent.of(AuditEventType.INVITATION_CREATED, AuditEvent.Outcome.SUCCESS,
					workspaceId, inviterId, client, Map.of("invitationId", invitation.id().toString(), "role",
							role.value())));
		});
		this.mail.dispatch(this.templates.invitation(normalized, this.links.invitation(token), workspace.name(),
				this.settings.ttl()));
		return invitation;
	}

	/**
	 * The workspace's pending invitations.
	 * @throws AuthException {@link AuthErrorCode#FORBIDDEN_ROLE} unless the caller is an owner or admin
	 */
	public List<Invitation> pending(UUID workspaceId, UUID callerId) {
		requireAdministrator(workspaceId, callerId);
		return this.invitations.listPending(workspaceId, this.clock.instant());
	}

	/**
	 * Revokes a pending invitation: its link stops working.
	 * @throws AuthException {@link AuthErrorCode#FORBIDDEN_ROLE} unless the caller is an owner or admin;
	 * {@link AuthErrorCode#NOT_FOUND} when the workspace has no pending invitation with this id
	 */
	public void revoke(UUID workspaceId, UUID callerId, UUID invitationId, ClientInfo client) {
		requireAdministrator(workspaceId, callerId);
		this.database.inTransaction(() -> {
			if (!this.invitations.revoke(workspaceId, invitationId, this.clock.instant())) {
				throw new AuthException(AuthErrorCode.NOT_FOUND, "No such pending invitation.");
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.INVITATION_REVOKED, AuditEvent.Outcome.SUCCESS,
					workspaceId, callerId, client, Map.of("invitationId", invitationId.toString())));
		});
	}

	private MembershipRole requireAdministrator(UUID workspaceId, UUID userId) {
		MembershipRole role = this.workspaces.activeRole(workspaceId, userId)
			.orElseThrow(() -> new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
					"You have no active membership in this workspace."));
		if (role == MembershipRole.MEMBER) {
			throw new AuthException(AuthErrorCode.FORBIDDEN_ROLE, "Only owners and admins manage invitations.");
		}
		return role;
	}

	private void checkLimits(UUID workspaceId, UUID inviterId, String email, Instant now) {
		if (!this.settings.limitsEnabled()) {
			return;
		}
		Duration window = this.settings.limitWindow();
		Map<String, Integer> limits = new LinkedHashMap<>();
		limits.put("invite:inviter:" + inviterId, this.settings.maxPerInviter());
		limits.put("invite:workspace:" + workspaceId, this.settings.maxPerWorkspace());
		limits.put("invite:recipient:" + this.hasher.hash("recipient:" + email), this.settings.maxPerRecipient());
		Map<String, Duration> windows = new LinkedHashMap<>();
		limits.keySet().forEach((key) -> windows.put(key, window));
		Map<String, ThrottleStore.Count> counts = this.throttle.hit(windows, now);
		for (Map.Entry<String, Integer> limit : limits.entrySet()) {
			ThrottleStore.Count count = counts.get(limit.getKey());
			if (count != null && count.hits() > limit.getValue()) {
				long seconds = Math.max(1, Duration.between(now, count.resetsAt()).toSeconds());
				throw new AuthException(AuthErrorCode.TOO_MANY_REQUESTS, "Too many invitations; retry later.",
						Map.of("retryAfter", seconds));
			}
		}
	}

}
