package dev.systemauth.core.flow;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.WorkspaceService;

/**
 * The per-workspace MFA policy ({@code workspaces.mfa_required}): reading and changing it (owners only), and
 * the checks that keep members without a second factor out of a workspace that requires one.
 * <p>
 * "A second factor" is a confirmed TOTP secret. Every check takes the workspace row's lock, and a change holds
 * a stronger one ({@code FOR NO KEY UPDATE}, as member changes do) for its transaction, so a change and a
 * sign-in, a workspace switch, an invitation or a disable of a member's factor are ordered: either the change
 * sees the new session (and ends it) or the sign-in sees the policy. Turning the policy on ends the sessions in
 * the workspace of its active members without a second factor, through {@link WorkspaceService}.
 */
public final class MfaPolicy {

	private static final String READ = "SELECT id, name, mfa_required FROM ${schema}.workspaces WHERE id = ?";

	private static final String LOCK_FOR_CHANGE = """
			SELECT mfa_required FROM ${schema}.workspaces WHERE id = ? FOR NO KEY UPDATE""";

	private static final String LOCK_FOR_CHECK = "SELECT mfa_required FROM ${schema}.workspaces WHERE id = ? FOR SHARE";

	private static final String LOCK_WORKSPACES_OF_USER = """
			SELECT w.mfa_required FROM ${schema}.workspaces w
			JOIN ${schema}.workspace_members m ON m.workspace_id = w.id
			WHERE m.user_id = ? AND m.status = 'active'
			ORDER BY w.id FOR SHARE OF w""";

	private static final String MEMBERS_WITHOUT_SECOND_FACTOR = """
			SELECT m.user_id FROM ${schema}.workspace_members m
			WHERE m.workspace_id = ? AND m.status = 'active' AND NOT EXISTS (
			    SELECT 1 FROM ${schema}.mfa_totp t WHERE t.user_id = m.user_id AND t.confirmed_at IS NOT NULL)""";

	private final AuthDatabase database;

	private final WorkspaceService workspaces;

	private final TotpStore totp;

	private final String read;

	private final String lockForChange;

	private final String lockForCheck;

	private final String lockWorkspacesOfUser;

	private final String membersWithoutSecondFactor;

	public MfaPolicy(AuthDatabase database, WorkspaceService workspaces, TotpStore totp) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
		this.totp = Objects.requireNonNull(totp, "totp must not be null");
		this.read = database.sql(READ);
		this.lockForChange = database.sql(LOCK_FOR_CHANGE);
		this.lockForCheck = database.sql(LOCK_FOR_CHECK);
		this.lockWorkspacesOfUser = database.sql(LOCK_WORKSPACES_OF_USER);
		this.membersWithoutSecondFactor = database.sql(MEMBERS_WITHOUT_SECOND_FACTOR);
	}

	/**
	 * The policy of a workspace, for an active member of it (the caller checks the membership).
	 * @throws AuthException {@link AuthErrorCode#NOT_FOUND} when there is no such workspace
	 */
	public WorkspacePolicy read(UUID workspaceId) {
		return this.database.jdbc()
			.sql(this.read)
			.param(workspaceId)
			.query((rs, n) -> new WorkspacePolicy(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getBoolean("mfa_required")))
			.optional()
			.orElseThrow(() -> new AuthException(AuthErrorCode.NOT_FOUND, "Not found."));
	}

	/**
	 * Requires, or stops requiring, a second factor in a workspace, as {@code actorId}. Turning it on ends at
	 * once the sessions in the workspace of its active members without a second factor; the others keep theirs.
	 * Setting the value it already has changes nothing and audits nothing.
	 * @param workspaceId the workspace
	 * @param actorId who asks
	 * @param required the new value
	 * @param client who asked
	 * @return the policy after the change
	 * @throws AuthException {@link AuthErrorCode#MEMBERSHIP_INACTIVE} unless the actor is an active member,
	 * {@link AuthErrorCode#FORBIDDEN_ROLE} unless an owner, {@link AuthErrorCode#MFA_NOT_ENABLED} when turning
	 * it on while the actor has no second factor
	 */
	public WorkspacePolicy change(UUID workspaceId, UUID actorId, boolean required, ClientInfo client) {
		return this.database.inTransaction(() -> {
			Boolean current = this.database.jdbc()
				.sql(this.lockForChange)
				.param(workspaceId)
				.query(Boolean.class)
				.optional()
				.orElseThrow(MfaPolicy::inactive);
			Membership actor = this.workspaces.findMembership(workspaceId, actorId)
				.filter(Membership::isActive)
				.orElseThrow(MfaPolicy::inactive);
			if (actor.role() != MembershipRole.OWNER) {
				throw new AuthException(AuthErrorCode.FORBIDDEN_ROLE, "Only an owner may change the MFA policy.");
			}
			if (required && !this.totp.isConfirmed(actorId)) {
				throw new AuthException(AuthErrorCode.MFA_NOT_ENABLED,
						"Enable a second factor for yourself before requiring one in the workspace.");
			}
			if (current != required) {
				List<UUID> without = required ? this.database.jdbc()
					.sql(this.membersWithoutSecondFactor)
					.param(workspaceId)
					.query(UUID.class)
					.list() : List.of();
				this.workspaces.changeMfaRequired(workspaceId, required, without, actorId, client);
			}
			return new WorkspacePolicy(workspaceId, actor.workspaceName(), required);
		});
	}

	/**
	 * Whether a session of the user in the workspace must wait for a second factor to be enrolled: the
	 * workspace requires one and the user has none. Takes the workspace row's share lock for the caller's
	 * transaction, so the session must start in that same transaction.
	 */
	public boolean enrolmentRequired(UUID userId, UUID workspaceId) {
		Boolean required = this.database.jdbc()
			.sql(this.lockForCheck)
			.param(workspaceId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
		return required && !this.totp.isConfirmed(userId);
	}

	/**
	 * Refuses a session of the user in the workspace while it requires a second factor the user has none of;
	 * as {@link #enrolmentRequired}, in the caller's transaction.
	 * @throws AuthException {@link AuthErrorCode#MFA_ENROLMENT_REQUIRED}
	 */
	public void requireSatisfied(UUID userId, UUID workspaceId) {
		if (enrolmentRequired(userId, workspaceId)) {
			throw new AuthException(AuthErrorCode.MFA_ENROLMENT_REQUIRED,
					"This workspace requires a second factor; sign in to it to enrol one.");
		}
	}

	/**
	 * Refuses to let the user give up their second factor while a workspace they are an active member of
	 * requires one. Takes the share lock of every such workspace row for the caller's transaction, so a policy
	 * change waits for the disable (and then ends the user's sessions) or the disable sees the policy.
	 * @throws AuthException {@link AuthErrorCode#MFA_REQUIRED_BY_WORKSPACE}
	 */
	public void requireNotRequiredOf(UUID userId) {
		List<Boolean> policies = this.database.jdbc()
			.sql(this.lockWorkspacesOfUser)
			.param(userId)
			.query(Boolean.class)
			.list();
		if (policies.contains(Boolean.TRUE)) {
			throw new AuthException(AuthErrorCode.MFA_REQUIRED_BY_WORKSPACE,
					"A workspace you are a member of requires a second factor.");
		}
	}

	private static AuthException inactive() {
		return new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE, "You have no active membership in this workspace.");
	}

	/**
	 * A workspace's MFA policy.
	 *
	 * @param workspaceId the workspace
	 * @param name its display name
	 * @param mfaRequired whether signing in to it requires a second factor
	 */
	public record WorkspacePolicy(UUID workspaceId, String name, boolean mfaRequired) {
	}

}
