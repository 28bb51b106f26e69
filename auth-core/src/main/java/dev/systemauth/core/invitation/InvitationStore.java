package dev.systemauth.core.invitation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.tenant.MembershipRole;

/**
 * The {@code workspace_invitations} table, its only writer. No audit and no rules here: the invitation flows
 * call it. Every statement on an invitation carries the workspace predicate, or finds the row by its token's
 * hash.
 */
public final class InvitationStore {

	private static final String COLUMNS = "id, workspace_id, email, role, created_at, expires_at";

	private static final String INSERT = """
			INSERT INTO ${schema}.workspace_invitations
			(id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String LIST_PENDING = "SELECT " + COLUMNS + """
			 FROM ${schema}.workspace_invitations
			WHERE workspace_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?
			ORDER BY created_at, id""";

	private static final String REVOKE = """
			UPDATE ${schema}.workspace_invitations SET revoked_at = ?
			WHERE workspace_id = ? AND id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?""";

	private static final String LOCK_PENDING = "SELECT " + COLUMNS + """
			 FROM ${schema}.workspace_invitations
			WHERE token_hash = ANY (?) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?
			FOR UPDATE""";

	private static final String MARK_ACCEPTED = """
			UPDATE ${schema}.workspace_invitations SET accepted_at = ?, accepted_by = ?
			WHERE workspace_id = ? AND id = ? AND accepted_at IS NULL""";

	private static final RowMapper<Invitation> MAPPER = (rs, n) -> new Invitation(rs.getObject("id", UUID.class),
			rs.getObject("workspace_id", UUID.class), rs.getString("email"), MembershipRole.of(rs.getString("role")),
			Objects.requireNonNull(AuthDatabase.instant(rs, "created_at")),
			Objects.requireNonNull(AuthDatabase.instant(rs, "expires_at")));

	private final AuthDatabase database;

	private final String insert;

	private final String listPending;

	private final String revoke;

	private final String lockPending;

	private final String markAccepted;

	public InvitationStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.listPending = database.sql(LIST_PENDING);
		this.revoke = database.sql(REVOKE);
		this.lockPending = database.sql(LOCK_PENDING);
		this.markAccepted = database.sql(MARK_ACCEPTED);
	}

	/** Stores a new invitation with its token's hash. */
	public void insert(Invitation invitation, String tokenHash, UUID invitedBy) {
		this.database.jdbc()
			.sql(this.insert)
			.params(invitation.id(), invitation.workspaceId(), invitation.email(), invitation.role().value(),
					tokenHash, invitedBy, AuthDatabase.timestamp(invitation.createdAt()),
					AuthDatabase.timestamp(invitation.expiresAt()))
			.update();
	}

	/** The workspace's invitations that can still be accepted, oldest first. */
	public List<Invitation> listPending(UUID workspaceId, Instant now) {
		return this.database.jdbc()
			.sql(this.listPending)
			.params(workspaceId, AuthDatabase.timestamp(now))
			.query(MAPPER)
			.list();
	}

	/** Revokes a pending invitation of the workspace; false when there is none with this id. */
	public boolean revoke(UUID workspaceId, UUID invitationId, Instant now) {
		return this.database.jdbc()
			.sql(this.revoke)
			.params(AuthDatabase.timestamp(now), workspaceId, invitationId, AuthDatabase.timestamp(now))
			.update() == 1;
	}

	/**
	 * Finds the pending invitation of a token and locks it until the transaction ends; run it in one. A
	 * concurrent accept of the same token waits here, then finds it accepted.
	 * @param tokenHashes the presented token's hash under the current and previous hashing secrets
	 */
	public Optional<Invitation> lockPending(String[] tokenHashes, Instant now) {
		return this.database.jdbc()
			.sql(this.lockPending)
			.params(tokenHashes, AuthDatabase.timestamp(now))
			.query(MAPPER)
			.optional();
	}

	/** Marks a locked invitation accepted by a user. */
	public void markAccepted(Invitation invitation, UUID userId, Instant now) {
		this.database.jdbc()
			.sql(this.markAccepted)
			.params(AuthDatabase.timestamp(now), userId, invitation.workspaceId(), invitation.id())
			.update();
	}

}
