package dev.systemauth.core.tenant;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Member administration by the members themselves, with the role rules (the server side of
 * {@code /auth/workspaces/{id}/members}). The writes go through {@link WorkspaceService}, which owns the table.
 * <p>
 * Rules: owners and admins change and remove members; an admin never changes or removes an owner and never
 * grants {@code owner}; anyone may remove themself; the last active owner of a workspace is never demoted,
 * suspended or removed. Every change first takes the workspace row's lock ({@code FOR NO KEY UPDATE}, which
 * does not block inserts of members), so changes of one workspace's members run one at a time and each
 * decides on committed, current rows: two owners demoting each other concurrently cannot both succeed. A
 * change refused by these rules ({@code forbidden_role}, {@code last_owner}) writes a
 * {@code membership_change_refused} audit row after its transaction rolled back.
 */
public final class WorkspaceMembers {

	private static final String LOCK_WORKSPACE = "SELECT id FROM ${schema}.workspaces WHERE id = ? FOR NO KEY UPDATE";

	private static final String MEMBER_COLUMNS = """
			SELECT m.user_id, u.email, m.role, m.status
			FROM ${schema}.workspace_members m JOIN ${schema}.users u ON u.id = m.user_id
			WHERE m.workspace_id = ? AND m.status <> 'removed'""";

	private static final String LIST = MEMBER_COLUMNS + " ORDER BY m.created_at, m.user_id";

	private static final String FIND = MEMBER_COLUMNS + " AND m.user_id = ?";

	private static final String COUNT_ACTIVE_OWNERS = """
			SELECT count(*) FROM ${schema}.workspace_members
			WHERE workspace_id = ? AND role = 'owner' AND status = 'active'""";

	private static final RowMapper<WorkspaceMember> MAPPER = (rs, n) -> new WorkspaceMember(
			rs.getObject("user_id", UUID.class), rs.getString("email"), MembershipRole.of(rs.getString("role")),
			MembershipStatus.of(rs.getString("status")));

	private final AuthDatabase database;

	private final WorkspaceService workspaces;

	private final String lockWorkspace;

	private final String list;

	private final String find;

	private final String countActiveOwners;

	public WorkspaceMembers(AuthDatabase database, WorkspaceService workspaces) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.lockWorkspace = database.sql(LOCK_WORKSPACE);
		this.list = database.sql(LIST);
		this.find = database.sql(FIND);
		this.countActiveOwners = database.sql(COUNT_ACTIVE_OWNERS);
	}

	/** The active and suspended members of a workspace, oldest first. */
	public List<WorkspaceMember> list(UUID workspaceId) {
		return this.database.jdbc().sql(this.list).param(workspaceId).query(MAPPER).list();
	}

	/** A member that is not removed. */
	public Optional<WorkspaceMember> find(UUID workspaceId, UUID userId) {
		return this.database.jdbc().sql(this.find).params(workspaceId, userId).query(MAPPER).optional();
	}

	/**
	 * Changes a member's role, status, or both, as {@code actorId}.
	 * @param workspaceId the workspace
	 * @param actorId who asks (an active member)
	 * @param targetId whose membership changes
	 * @param role the new role, or {@code null} to keep it
	 * @param status the new status ({@code active} or {@code suspended}), or {@code null} to keep it
	 * @param client who asked
	 * @return the member after the change
	 * @throws AuthException {@link AuthErrorCode#FORBIDDEN_ROLE} when the actor's role does not allow it,
	 * {@link AuthErrorCode#LAST_OWNER} when the workspace would lose its last active owner,
	 * {@link AuthErrorCode#NOT_FOUND} when the target is not a member
	 */
	public WorkspaceMember update(UUID workspaceId, UUID actorId, UUID targetId, @Nullable MembershipRole role,
			@Nullable MembershipStatus status, ClientInfo client) {
		if (status == MembershipStatus.REMOVED) {
			throw new IllegalArgumentException("status must be active or suspended; remove a member with remove");
		}
		try {
			return updateInTransaction(workspaceId, actorId, targetId, role, status, client);
		}
		catch (AuthException ex) {
			auditRefusal(ex, workspaceId, actorId, targetId, "update", client);
			throw ex;
		}
	}

	private WorkspaceMember updateInTransaction(UUID workspaceId, UUID actorId, UUID targetId,
			@Nullable MembershipRole role, @Nullable MembershipStatus status, ClientInfo client) {
		return this.database.inTransaction(() -> {
			WorkspaceMember actor = lockAndFindActor(workspaceId, actorId);
			WorkspaceMember target = findTarget(workspaceId, targetId);
			requireAdministrator(actor);
			boolean grantsOwner = role == MembershipRole.OWNER && target.role() != MembershipRole.OWNER;
			if (actor.role() != MembershipRole.OWNER
					&& (target.role() == MembershipRole.OWNER || grantsOwner)) {
				throw forbidden("Only an owner may change an owner or make someone an owner.");
			}
			MembershipRole newRole = (role != null) ? role : target.role();
			MembershipStatus newStatus = (status != null) ? status : target.status();
			boolean staysActiveOwner = newRole == MembershipRole.OWNER && newStatus == MembershipStatus.ACTIVE;
			if (target.isActiveOwner() && !staysActiveOwner) {
				requireAnotherActiveOwner(workspaceId);
			}
			if (newRole != target.role()) {
				this.workspaces.changeRole(workspaceId, targetId, newRole, actorId, client);
			}
			if (newStatus != target.status()) {
				this.workspaces.changeStatus(workspaceId, targetId, newStatus, actorId, client);
			}
			return new WorkspaceMember(targetId, target.email(), newRole, newStatus);
		});
	}

	/**
	 * Removes a member, as {@code actorId}; the member's sessions in the workspace end.
	 * @throws AuthException {@link AuthErrorCode#FORBIDDEN_ROLE}, {@link AuthErrorCode#LAST_OWNER},
	 * {@link AuthErrorCode#NOT_FOUND}, as {@link #update}
	 */
	public void remove(UUID workspaceId, UUID actorId, UUID targetId, ClientInfo client) {
		try {
			removeInTransaction(workspaceId, actorId, targetId, client);
		}
		catch (AuthException ex) {
			auditRefusal(ex, workspaceId, actorId, targetId, "remove", client);
			throw ex;
		}
	}

	private void removeInTransaction(UUID workspaceId, UUID actorId, UUID targetId, ClientInfo client) {
		this.database.inTransaction(() -> {
			WorkspaceMember actor = lockAndFindActor(workspaceId, actorId);
			WorkspaceMember target = findTarget(workspaceId, targetId);
			if (!actorId.equals(targetId)) {
				requireAdministrator(actor);
				if (actor.role() != MembershipRole.OWNER && target.role() == MembershipRole.OWNER) {
					throw forbidden("Only an owner may remove an owner.");
				}
			}
			if (target.isActiveOwner()) {
				requireAnotherActiveOwner(workspaceId);
			}
			this.workspaces.changeStatus(workspaceId, targetId, MembershipStatus.REMOVED, actorId, client);
		});
	}

	/** Audits a change the role rules refused; other refusals (not a member, no such member) are not. */
	private void auditRefusal(AuthException refusal, UUID workspaceId, UUID actorId, UUID targetId, String action,
			ClientInfo client) {
		AuthErrorCode code = refusal.getErrorCode();
		if (code != AuthErrorCode.FORBIDDEN_ROLE && code != AuthErrorCode.LAST_OWNER) {
			return;
		}
		this.workspaces.auditLog()
			.recordQuietly(AuditEvent.of(AuditEventType.MEMBERSHIP_CHANGE_REFUSED, AuditEvent.Outcome.DENIED,
					workspaceId, targetId, client,
					Map.of("by", actorId.toString(), "action", action, "reason", code.code())));
	}

	private WorkspaceMember lockAndFindActor(UUID workspaceId, UUID actorId) {
		if (this.database.jdbc().sql(this.lockWorkspace).param(workspaceId).query().listOfRows().isEmpty()) {
			throw inactive();
		}
		WorkspaceMember actor = find(workspaceId, actorId).orElseThrow(WorkspaceMembers::inactive);
		if (actor.status() != MembershipStatus.ACTIVE) {
			throw inactive();
		}
		return actor;
	}

	private WorkspaceMember findTarget(UUID workspaceId, UUID targetId) {
		return find(workspaceId, targetId)
			.orElseThrow(() -> new AuthException(AuthErrorCode.NOT_FOUND, "No such member."));
	}

	private void requireAnotherActiveOwner(UUID workspaceId) {
		Long owners = this.database.jdbc().sql(this.countActiveOwners).param(workspaceId).query(Long.class).single();
		if (owners == null || owners < 2) {
			throw new AuthException(AuthErrorCode.LAST_OWNER,
					"The last active owner of a workspace cannot be demoted, suspended or removed.");
		}
	}

	private static void requireAdministrator(WorkspaceMember actor) {
		if (actor.role() == MembershipRole.MEMBER) {
			throw forbidden("Only owners and admins may change members.");
		}
	}

	private static AuthException forbidden(String message) {
		return new AuthException(AuthErrorCode.FORBIDDEN_ROLE, message);
	}

	private static AuthException inactive() {
		return new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE, "You have no active membership in this workspace.");
	}

}
