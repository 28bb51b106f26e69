package dev.systemauth.core.flow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;

/**
 * The one place a new account comes into being: the user, a workspace, the user's owner membership of it and
 * the audit row that says how, written together. Signup and trusted provisioning both register through it
 * (and later an invitation or an identity provider will). It joins the caller's transaction and never hashes:
 * the caller hashes the password before the transaction starts.
 */
public final class AccountRegistration {

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final AuditLog auditLog;

	public AccountRegistration(UserStore accounts, WorkspaceService workspaces, AuditLog auditLog) {
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
	}

	/**
	 * Registers a new user with a workspace it owns. Run it inside a transaction.
	 * @param user the user to create
	 * @param workspaceName the workspace's name
	 * @param workspaceSlug the workspace's slug, or {@code null} to derive one from the name
	 * @param event the audit event of the way the account came in ({@code signup}, {@code user_provisioned})
	 * @param client who asked
	 * @return the new workspace, or empty (with nothing written) when the email is already taken
	 */
	public Optional<Workspace> register(NewUser user, String workspaceName, @Nullable String workspaceSlug,
			AuditEventType event, ClientInfo client) {
		if (!this.accounts.insert(user.id(), user.email(), user.passwordHash(), user.emailVerified(),
				user.createdAt())) {
			return Optional.empty();
		}
		return Optional.of(addOwnedWorkspace(user.id(), workspaceName, workspaceSlug, event, client));
	}

	/**
	 * Gives an existing user a new workspace it owns, audited. Joins the caller's transaction.
	 * @param userId the user
	 * @param workspaceName the workspace's name
	 * @param workspaceSlug the workspace's slug, or {@code null} to derive one from the name
	 * @param event the audit event
	 * @param client who asked
	 * @return the new workspace
	 */
	public Workspace addOwnedWorkspace(UUID userId, String workspaceName, @Nullable String workspaceSlug,
			AuditEventType event, ClientInfo client) {
		Workspace workspace = this.workspaces.createWorkspace(workspaceName, workspaceSlug, client);
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, client);
		this.auditLog.record(AuditEvent.success(event, workspace.id(), userId, client));
		return workspace;
	}

	/**
	 * Registers a new user as a member of an existing workspace (an accepted invitation), creating no
	 * workspace. Run it inside a transaction.
	 * @param user the user to create
	 * @param workspaceId the workspace the user joins
	 * @param role the role there
	 * @param event the audit event of the way the account came in
	 * @param client who asked
	 * @return false (with nothing written) when the email is already taken
	 */
	public boolean registerMember(NewUser user, UUID workspaceId, MembershipRole role, AuditEventType event,
			ClientInfo client) {
		if (!this.accounts.insert(user.id(), user.email(), user.passwordHash(), user.emailVerified(),
				user.createdAt())) {
			return false;
		}
		this.workspaces.addMember(workspaceId, user.id(), role, client);
		this.auditLog.record(AuditEvent.success(event, workspaceId, user.id(), client));
		return true;
	}

	/**
	 * A user to create.
	 *
	 * @param id the new user's id
	 * @param email the normalized email address
	 * @param passwordHash the password's hash, made before the transaction
	 * @param emailVerified whether the email counts as verified
	 * @param createdAt when
	 */
	public record NewUser(UUID id, String email, String passwordHash, boolean emailVerified, Instant createdAt) {

		public NewUser {
			Objects.requireNonNull(id, "id must not be null");
			Objects.requireNonNull(email, "email must not be null");
			Objects.requireNonNull(passwordHash, "passwordHash must not be null");
			Objects.requireNonNull(createdAt, "createdAt must not be null");
		}

		@Override
		public String toString() {
			return "NewUser[id=" + this.id + "]";
		}

	}

}
