package dev.systemauth.core.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The membership reads behind {@link WorkspaceService}: a user's memberships, a workspace's members, one
 * membership, each with its workspace's name and slug. Reads only.
 */
final class MembershipReads {

	private static final String MEMBERSHIP_COLUMNS = """
			SELECT m.workspace_id, m.user_id, m.role, m.status, w.name, w.slug
			FROM ${schema}.workspace_members m JOIN ${schema}.workspaces w ON w.id = m.workspace_id""";

	private static final String MEMBERSHIPS_OF_USER = MEMBERSHIP_COLUMNS
			+ " WHERE m.user_id = ? ORDER BY w.name, w.id";

	private static final String ACTIVE_MEMBERSHIPS_OF_USER = MEMBERSHIP_COLUMNS
			+ " WHERE m.user_id = ? AND m.status = 'active' ORDER BY w.name, w.id";

	private static final String MEMBERS_OF_WORKSPACE = MEMBERSHIP_COLUMNS
			+ " WHERE m.workspace_id = ? ORDER BY m.created_at, m.user_id";

	private static final String FIND_MEMBERSHIP = MEMBERSHIP_COLUMNS + " WHERE m.workspace_id = ? AND m.user_id = ?";

	private static final RowMapper<Membership> MEMBERSHIP_MAPPER = MembershipReads::mapMembership;

	private final AuthDatabase database;

	private final String membershipsOfUser;

	private final String activeMembershipsOfUser;

	private final String membersOfWorkspace;

	private final String findMembership;

	MembershipReads(AuthDatabase database) {
		this.database = database;
		this.membershipsOfUser = database.sql(MEMBERSHIPS_OF_USER);
		this.activeMembershipsOfUser = database.sql(ACTIVE_MEMBERSHIPS_OF_USER);
		this.membersOfWorkspace = database.sql(MEMBERS_OF_WORKSPACE);
		this.findMembership = database.sql(FIND_MEMBERSHIP);
	}

	/** Every membership of a user, whatever its status. */
	List<Membership> membershipsOf(UUID userId) {
		return this.database.jdbc().sql(this.membershipsOfUser).param(userId).query(MEMBERSHIP_MAPPER).list();
	}

	/** The active memberships of a user. */
	List<Membership> activeMembershipsOf(UUID userId) {
		return this.database.jdbc().sql(this.activeMembershipsOfUser).param(userId).query(MEMBERSHIP_MAPPER).list();
	}

	/** Every member of a workspace, whatever their status. */
	List<Membership> membersOf(UUID workspaceId) {
		return this.database.jdbc().sql(this.membersOfWorkspace).param(workspaceId).query(MEMBERSHIP_MAPPER).list();
	}

	Optional<Membership> findMembership(UUID workspaceId, UUID userId) {
		return this.database.jdbc()
			.sql(this.findMembership)
			.params(workspaceId, userId)
			.query(MEMBERSHIP_MAPPER)
			.optional();
	}

	private static Membership mapMembership(ResultSet rs, int rowNum) throws SQLException {
		return new Membership(rs.getObject("workspace_id", UUID.class), rs.getObject("user_id", UUID.class),
				MembershipRole.of(rs.getString("role")), MembershipStatus.of(rs.getString("status")),
				rs.getString("name"), rs.getString("slug"));
	}

}
