package dev.systemauth.core.tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionStore;
import dev.systemauth.core.token.RefreshTokenStore;

/**
 * Workspaces and memberships, for the server side of a host app; the HTTP member routes
 * ({@code WorkspaceMembers}) apply their role rules and then call it.
 * Every query on a tenant-owned table carries the workspace predicate. Each change runs in a transaction
 * (joining the caller's, if any) together with its audit row; suspending or removing a member also
 * ends that member's sessions in the workspace, and the per-request check refuses the member at once.
 * <p>
 * The writes are here; the membership reads ({@code MembershipReads}) and the per-request check
 * ({@code WorkspaceAccess}) are package-private helpers it delegates to. At about 300 lines it stays one
 * class on purpose: it is the one class that writes {@code workspaces} and {@code workspace_members} (pinned
 * by {@code TableOwnershipTests}), including the owner-count lock behind {@code last_owner}, and splitting it
 * would spread those tables' SQL over several.
 */
public final class WorkspaceService {

	private static final String INSERT_WORKSPACE = """
			INSERT INTO ${schema}.workspaces (id, name, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (slug) DO NOTHING""";

	private static final String FIND_WORKSPACE = "SELECT id, name, slug FROM ${schema}.workspaces WHERE id = ?";

	private static final String FIND_WORKSPACE_BY_SLUG = "SELECT id, name, slug FROM ${schema}.workspaces WHERE slug = ?";

	private static final String UPSERT_MEMBER = """
			INSERT INTO ${schema}.workspace_members (workspace_id, user_id, role, status, created_at, updated_at)
			VALUES (?, ?, ?, 'active', ?, ?)
			ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role, status = 'active', updated_at = EXCLUDED.updated_at""";

	private static final String UPDATE_MEMBER_STATUS = """
			UPDATE ${schema}.workspace_members SET status = ?, updated_at = ?
			WHERE workspace_id = ? AND user_id = ? AND status <> 'removed'""";

	private static final String UPDATE_MEMBER_ROLE = """
			UPDATE ${schema}.workspace_members SET role = ?, updated_at = ?
			WHERE workspace_id = ? AND user_id = ? AND status <> 'removed'""";

	private static final String UPDATE_MFA_REQUIRED = """
			UPDATE ${schema}.workspaces SET mfa_required = ?, updated_at = ? WHERE id = ?""";

	private static final RowMapper<Workspace> WORKSPACE_MAPPER = (rs, n) -> new Workspace(
			rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("slug"));

	private final AuthDatabase database;

	private final AuditLog auditLog;

	private final Clock clock;

	private final @Nullable MembershipCache cache;

	private final String insertWorkspace;

	private final String findWorkspace;

	private final String findWorkspaceBySlug;

	private final String upsertMember;

	private final String updateMemberStatus;

	private final String updateMemberRole;

	private final String updateMfaRequired;

	private final SessionStore sessions;

	private final RefreshTokenStore refreshTokens;

	private final WorkspaceAccess checks;

	private final MembershipReads reads;

	public WorkspaceService(AuthDatabase database, AuditLog auditLog, Clock clock) {
		this(database, auditLog, clock, null);
	}

	/** The audit log the membership changes are written to, for the refusals {@link WorkspaceMembers} audits. */
	AuditLog auditLog() {
		return this.auditLog;
	}

	/**
	 * A service whose per-request check goes through a membership cache.
	 * @param cache the cache, or {@code null} for none
	 */
	public WorkspaceService(AuthDatabase database, AuditLog auditLog, Clock clock, @Nullable MembershipCache cache) {
		this.database = database;
		this.auditLog = auditLog;
		this.clock = clock;
		this.cache = cache;
		this.insertWorkspace = database.sql(INSERT_WORKSPACE);
		this.findWorkspace = database.sql(FIND_WORKSPACE);
		this.findWorkspaceBySlug = database.sql(FIND_WORKSPACE_BY_SLUG);
		this.upsertMember = database.sql(UPSERT_MEMBER);
		this.updateMemberStatus = database.sql(UPDATE_MEMBER_STATUS);
		this.updateMemberRole = database.sql(UPDATE_MEMBER_ROLE);
		this.updateMfaRequired = database.sql(UPDATE_MFA_REQUIRED);
		this.sessions = new SessionStore(database);
		this.refreshTokens = new RefreshTokenStore(database);
		this.checks = new WorkspaceAccess(database, this.sessions, cache);
		this.reads = new MembershipReads(database);
	}

	/**
	 * Creates a workspace.
	 * @param name the display name
	 * @param slug the unique handle, or {@code null} to derive one from the name
	 * @param client who asked
	 * @return the workspace
	 * @throws AuthException {@link AuthErrorCode#WORKSPACE_SLUG_TAKEN} when the slug is in use
	 */
	public Workspace createWorkspace(String name, @Nullable String slug, ClientInfo client) {
		String validName = WorkspaceSlugs.requireValidName(name);
		String validSlug = (slug != null) ? WorkspaceSlugs.requireValid(slug) : WorkspaceSlugs.derive(validName);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			int inserted = this.database.jdbc()
				.sql(this.insertWorkspace)
				.params(id, validName, validSlug, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now))
				.update();
			if (inserted == 0) {
				throw new AuthException(AuthErrorCode.WORKSPACE_SLUG_TAKEN, "This workspace slug is already in use.");
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.WORKSPACE_CREATED, AuditEvent.Outcome.SUCCESS, id, null,
					client, Map.of("slug", validSlug)));
			return new Workspace(id, validName, validSlug);
		});
	}

	public Optional<Workspace> findWorkspace(UUID workspaceId) {
		return this.database.jdbc().sql(this.findWorkspace).param(workspaceId).query(WORKSPACE_MAPPER).optional();
	}

	public Optional<Workspace> findWorkspaceBySlug(String slug) {
		return this.database.jdbc().sql(this.findWorkspaceBySlug).param(slug).query(WORKSPACE_MAPPER).optional();
	}

	/** Adds a user as an active member with a role; an existing membership is reactivated with that role. */
	public void addMember(UUID workspaceId, UUID userId, MembershipRole role, ClientInfo client) {
		Instant now = this.clock.instant();
		invalidate(workspaceId, userId);
		this.database.inTransaction(() -> {
			invalidate(workspaceId, userId);
			this.database.jdbc()
				.sql(this.upsertMember)
				.params(workspaceId, userId, role.value(), AuthDatabase.timestamp(now), AuthDatabase.timestamp(now))
				.update();
			this.auditLog.record(AuditEvent.of(AuditEventType.MEMBERSHIP_ADDED, AuditEvent.Outcome.SUCCESS,
					workspaceId, userId, client, Map.of("role", role.value())));
		});
	}

	/** Suspends a membership: access stops at once and the member's sessions in the workspace end. */
	public boolean suspendMember(UUID workspaceId, UUID userId, ClientInfo client) {
		return changeStatus(workspaceId, userId, MembershipStatus.SUSPENDED, AuditEventType.MEMBERSHIP_SUSPENDED,
				client);
	}

	/** Reactivates a suspended membership. */
	public boolean reactivateMember(UUID workspaceId, UUID userId, ClientInfo client) {
		return changeStatus(workspaceId, userId, MembershipStatus.ACTIVE, AuditEventType.MEMBERSHIP_REACTIVATED,
				client);
	}

	/** Removes a membership: access stops at once and the member's sessions in the workspace end. */
	public boolean removeMember(UUID workspaceId, UUID userId, ClientInfo client) {
		return changeStatus(workspaceId, userId, MembershipStatus.REMOVED, AuditEventType.MEMBERSHIP_REMOVED, client);
	}

	/**
	 * Changes the role of a membership that is not removed; the next protected request sees the new role.
	 * This is the raw write: the rules (who may, the last owner) are {@link WorkspaceMembers}'.
	 */
	public boolean changeRole(UUID workspaceId, UUID userId, MembershipRole role, ClientInfo client) {
		return changeRole(workspaceId, userId, role, null, client);
	}

	boolean changeRole(UUID workspaceId, UUID userId, MembershipRole role, @Nullable UUID by, ClientInfo client) {
		Instant now = this.clock.instant();
		invalidate(workspaceId, userId);
		return this.database.inTransaction(() -> {
			invalidate(workspaceId, userId);
			int updated = this.database.jdbc()
				.sql(this.updateMemberRole)
				.params(role.value(), AuthDatabase.timestamp(now), workspaceId, userId)
				.update();
			if (updated == 0) {
				return false;
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.MEMBERSHIP_ROLE_CHANGED, AuditEvent.Outcome.SUCCESS,
					workspaceId, userId, client, details("role", role.value(), by)));
			return true;
		});
	}

	private boolean changeStatus(UUID workspaceId, UUID userId, MembershipStatus status, AuditEventType event,
			ClientInfo client) {
		return changeStatus(workspaceId, userId, status, event, null, client);
	}

	/** A status change made by a member through {@link WorkspaceMembers}; {@code by} goes into the audit row. */
	boolean changeStatus(UUID workspaceId, UUID userId, MembershipStatus status, @Nullable UUID by,
			ClientInfo client) {
		AuditEventType event = switch (status) {
			case ACTIVE -> AuditEventType.MEMBERSHIP_REACTIVATED;
			case SUSPENDED -> AuditEventType.MEMBERSHIP_SUSPENDED;
			case REMOVED -> AuditEventType.MEMBERSHIP_REMOVED;
		};
		return changeStatus(workspaceId, userId, status, event, by, client);
	}

	private boolean changeStatus(UUID workspaceId, UUID userId, MembershipStatus status, AuditEventType event,
			@Nullable UUID by, ClientInfo client) {
		Instant now = this.clock.instant();
		invalidate(workspaceId, userId);
		return this.database.inTransaction(() -> {
			invalidate(workspaceId, userId);
			int updated = this.database.jdbc()
				.sql(this.updateMemberStatus)
				.params(status.value(), AuthDatabase.timestamp(now), workspaceId, userId)
				.update();
			if (updated == 0) {
				return false;
			}
			if (status != MembershipStatus.ACTIVE) {
				List<UUID> ended = this.sessions.endAllIn(workspaceId, userId, "membership_" + status.value(), now);
				if (this.cache != null) {
					this.cache.sessionsEnded(ended);
				}
				this.refreshTokens.revokeAllIn(workspaceId, userId, "membership_" + status.value(), now);
			}
			this.auditLog.record(AuditEvent.of(event, AuditEvent.Outcome.SUCCESS, workspaceId, userId, client,
					details("status", status.value(), by)));
			return true;
		});
	}

	/**
	 * Sets whether the workspace requires a second factor, and ends at once the sessions in it of the users
	 * given (the active members without one, when it turns on); the per-request check refuses their tokens
	 * on every instance. The raw write, joining the caller's transaction: the rules (owner only, the owner's
	 * own factor) and the choice of users are {@code MfaPolicy}'s, which holds the workspace row's lock.
	 * @return the ids of the sessions that ended
	 */
	public List<UUID> changeMfaRequired(UUID workspaceId, boolean required, List<UUID> endSessionsOf, UUID by,
			ClientInfo client) {
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			this.database.jdbc()
				.sql(this.updateMfaRequired)
				.params(required, AuthDatabase.timestamp(now), workspaceId)
				.update();
			List<UUID> ended = new ArrayList<>();
			for (UUID userId : endSessionsOf) {
				ended.addAll(this.sessions.endAllIn(workspaceId, userId, "mfa_required", now));
				this.refreshTokens.revokeAllIn(workspaceId, userId, "mfa_required", now);
			}
			if (this.cache != null) {
				this.cache.sessionsEnded(ended);
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.WORKSPACE_MFA_POLICY_CHANGED, AuditEvent.Outcome.SUCCESS,
					workspaceId, by, client, Map.of("mfaRequired", Boolean.toString(required), "by", by.toString(),
							"endedSessions", Integer.toString(ended.size()))));
			return List.copyOf(ended);
		});
	}

	/** Every membership of a user, whatever its status. */
	public List<Membership> membershipsOf(UUID userId) {
		return this.reads.membershipsOf(userId);
	}

	/** The active memberships of a user. */
	public List<Membership> activeMembershipsOf(UUID userId) {
		return this.reads.activeMembershipsOf(userId);
	}

	/** Every member of a workspace, whatever their status. */
	public List<Membership> membersOf(UUID workspaceId) {
		return this.reads.membersOf(workspaceId);
	}

	public Optional<Membership> findMembership(UUID workspaceId, UUID userId) {
		return this.reads.findMembership(workspaceId, userId);
	}

	/**
	 * The role of a user in a workspace, when both the membership and the user are active right now.
	 * One indexed query, or none when a {@link MembershipCache} serves it; this is the check made on every
	 * protected request.
	 */
	public Optional<MembershipRole> activeRole(UUID workspaceId, UUID userId) {
		return this.checks.activeRole(workspaceId, userId);
	}

	/**
	 * The check of a protected request: the caller's role in the workspace, and whether the access token's
	 * session is live. With a serving {@link MembershipCache} it costs no round trip in steady state; otherwise
	 * one indexed query answers both.
	 * @param sessionId the token's {@code sid}
	 * @param workspaceId the workspace
	 * @param userId the user
	 * @return the decision
	 */
	public AccessDecision access(UUID sessionId, UUID workspaceId, UUID userId) {
		return this.checks.access(sessionId, workspaceId, userId);
	}

	/**
	 * Whether an access token's session is live, for the routes that need a session but no workspace.
	 * @param sessionId the token's {@code sid}
	 * @param userId the user
	 * @return true when the session has not ended
	 */
	public boolean isSessionLive(UUID sessionId, UUID userId) {
		return this.checks.isSessionLive(sessionId, userId);
	}

	private static Map<String, String> details(String name, String value, @Nullable UUID by) {
		return (by != null) ? Map.of(name, value, "by", by.toString()) : Map.of(name, value);
	}

	private void invalidate(UUID workspaceId, UUID userId) {
		if (this.cache != null) {
			this.cache.invalidate(workspaceId, userId);
		}
	}

}
