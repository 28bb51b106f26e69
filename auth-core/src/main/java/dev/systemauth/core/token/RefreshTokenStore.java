package dev.systemauth.core.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.jdbc.SqlFragments;
import dev.systemauth.core.session.SessionStore;

/**
 * The {@code refresh_tokens} table: one row per issued refresh token, grouped in families; a family's id is
 * the id of its session (the {@code sessions} row).
 * Each method is one statement; callers compose them in a transaction. {@link #rotateActive} is the
 * exception: it is a whole refresh in itself, audit row included, and needs no transaction.
 */
public final class RefreshTokenStore {

	private static final String COLUMNS = "id, user_id, workspace_id, family_id, replaced_by_id, expires_at, rotated_at, revoked_at";

	/**
	 * The head of an insert of one refresh token, for a statement that composes it (the session start of
	 * {@code SessionStore} inserts the first token of the session it starts): the table's SQL stays here.
	 */
	public static final String INSERT_ROW = """
			INSERT INTO ${schema}.refresh_tokens (id, workspace_id, user_id, family_id, token_hash, created_at, expires_at)
			""";

	private static final String INSERT = INSERT_ROW + "VALUES (?, ?, ?, ?, ?, ?, ?)";

	private static final String FIND_FOR_UPDATE = "SELECT " + COLUMNS
			+ " FROM ${schema}.refresh_tokens WHERE token_hash = ANY(?) FOR UPDATE";

	private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM ${schema}.refresh_tokens WHERE id = ?";

	private static final String MARK_ROTATED = """
			UPDATE ${schema}.refresh_tokens SET rotated_at = ?, revoked_at = ?, revoked_reason = 'rotated', replaced_by_id = ?
			WHERE id = ? AND revoked_at IS NULL""";

	/**
	 * The whole happy path of a refresh: rotates the presented token, inserts its successor and writes the
	 * success audit row, when the token is active and unexpired and both its membership and its user are active
	 * (the condition of {@code WorkspaceService}'s role check). Returns no row, and writes nothing, otherwise.
	 * The audit row is the one {@code AuditLog.record} writes for an event without details, through the insert
 * {@link AuditLog#INSERT_ROW} owns.
	 */
	private static final String ROTATE_ACTIVE = """
			WITH presented AS (
				SELECT t.id, t.family_id FROM ${schema}.refresh_tokens t
				WHERE t.token_hash = ANY(?) AND t.revoked_at IS NULL AND t.expires_at > ?
				AND EXISTS (SELECT 1\s""" + SqlFragments.ACTIVE_MEMBER + """
				 AND m.workspace_id = t.workspace_id AND m.user_id = t.user_id)),
			live AS (
			""" + SessionStore.TOUCH_SET + """
				FROM presented p WHERE s.id = p.family_id AND s.revoked_at IS NULL
				RETURNING p.id),
			rotated AS (
				UPDATE ${schema}.refresh_tokens t
				SET rotated_at = ?, revoked_at = ?, revoked_reason = 'rotated', replaced_by_id = ?
				FROM live l WHERE t.id = l.id AND t.revoked_at IS NULL
				RETURNING t.user_id, t.workspace_id, t.family_id),
			successor AS (
				INSERT INTO ${schema}.refresh_tokens (id, workspace_id, user_id, family_id, token_hash, created_at, expires_at)
				SELECT ?, r.workspace_id, r.user_id, r.family_id, ?, ?, ? FROM rotated r),
			audit AS (
			""" + AuditLog.INSERT_ROW + """
				SELECT r.workspace_id, r.user_id, ?, ?, CAST(? AS text), CAST(? AS text), CAST('{}' AS jsonb)
				FROM rotated r)
			SELECT user_id, workspace_id, family_id FROM rotated""";

	private static final String FIND = "SELECT " + COLUMNS + " FROM ${schema}.refresh_tokens WHERE token_hash = ANY(?)";

	private static final String REVOKE_ALL_IN_WORKSPACE = """
			UPDATE ${schema}.refresh_tokens SET revoked_at = ?, revoked_reason = ?
			WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL""";

	private static final String REVOKE_FAMILIES = """
			UPDATE ${schema}.refresh_tokens SET revoked_at = ?, revoked_reason = ?
			WHERE family_id = ANY(?) AND revoked_at IS NULL""";

	private static final RowMapper<RefreshTokenRecord> ROW_MAPPER = RefreshTokenStore::map;

	private final AuthDatabase database;

	private final String insert;

	private final String findForUpdate;

	private final String findById;

	private final String markRotated;

	private final String rotateActive;

	private final String find;

	private final String revokeFamilies;

	private final String revokeAllInWorkspace;

	public RefreshTokenStore(AuthDatabase database) {
		this.database = database;
		this.insert = database.sql(INSERT);
		this.findForUpdate = database.sql(FIND_FOR_UPDATE);
		this.findById = database.sql(FIND_BY_ID);
		this.markRotated = database.sql(MARK_ROTATED);
		this.rotateActive = database.sql(ROTATE_ACTIVE);
		this.find = database.sql(FIND);
		this.revokeFamilies = database.sql(REVOKE_FAMILIES);
		this.revokeAllInWorkspace = database.sql(REVOKE_ALL_IN_WORKSPACE);
	}

	public void insert(UUID id, UUID userId, UUID workspaceId, UUID familyId, String tokenHash, Instant createdAt,
			Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(id, workspaceId, userId, familyId, tokenHash, AuthDatabase.timestamp(createdAt),
					AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/** Finds a token by any of its candidate hashes and locks its row until the transaction ends. */
	public Optional<RefreshTokenRecord> findForUpdate(String... tokenHashes) {
		return this.database.jdbc()
			.sql(this.findForUpdate)
			.param(tokenHashes)
			.query(ROW_MAPPER)
			.list()
			.stream()
			.findFirst();
	}

	/** Finds a token by any of its candidate hashes, without locking it. */
	public Optional<RefreshTokenRecord> find(String... tokenHashes) {
		return this.database.jdbc().sql(this.find).param(tokenHashes).query(ROW_MAPPER).list().stream().findFirst();
	}

	public Optional<RefreshTokenRecord> findById(UUID id) {
		return this.database.jdbc().sql(this.findById).param(id).query(ROW_MAPPER).optional();
	}

	/** Marks a token as rotated into its successor; false when it was no longer active. */
	public boolean markRotated(UUID id, UUID successorId, Instant now) {
		return this.database.jdbc()
			.sql(this.markRotated)
			.params(AuthDatabase.timestamp(now), AuthDatabase.timestamp(now), successorId, id)
			.update() == 1;
	}

	/**
	 * Rotates an active, unexpired token of an active member in a live session into its successor, touches the
	 * session and audits the refresh, in one statement: on its own (autocommit) it is atomic and needs no
	 * transaction. It locks the session row before the token row, the order every other writer follows, so
	 * that an end of the session and a rotation serialize: the rotation either finds the session ended and
	 * writes nothing, or commits first and the end, which waits for it, then sees its successor. Two
	 * concurrent calls for one token serialize the same way; the second finds the token revoked and rotates
	 * nothing.
	 * @param tokenHashes the candidate hashes of the presented token
	 * @param successorId the successor's row id
	 * @param successorHash the successor's hash
	 * @param now the rotation time, also the successor's creation time
	 * @param successorExpiresAt when the successor (and the session, unless refreshed again) expires
	 * @param client who asked, for the audit row and the session's last-seen client
	 * @return the session's owner, or empty (with nothing written) when the token is unknown, revoked, rotated
	 * or expired, its session ended, or its membership or user is not active
	 */
	public Optional<SessionOwner> rotateActive(String[] tokenHashes, UUID successorId, String successorHash,
			Instant now, Instant successorExpiresAt, ClientInfo client) {
		return this.database.jdbc()
			.sql(this.rotateActive)
			.params(tokenHashes, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(successorExpiresAt), client.ip(), client.userAgent(),
					AuthDatabase.timestamp(now), AuthDatabase.timestamp(now), successorId, successorId, successorHash,
					AuthDatabase.timestamp(now), AuthDatabase.timestamp(successorExpiresAt),
					AuditEventType.REFRESH.value(), AuditEvent.Outcome.SUCCESS.value(), client.ip(),
					client.userAgent())
			.query((rs, n) -> new SessionOwner(rs.getObject("user_id", UUID.class),
					rs.getObject("workspace_id", UUID.class), rs.getObject("family_id", UUID.class)))
			.optional();
	}

	/** Revokes every still-active token of these families (sessions); returns how many. */
	public int revokeFamilies(java.util.Collection<UUID> familyIds, String reason, Instant now) {
		if (familyIds.isEmpty()) {
			return 0;
		}
		return this.database.jdbc()
			.sql(this.revokeFamilies)
			.params(AuthDatabase.timestamp(now), reason, familyIds.toArray(UUID[]::new))
			.update();
	}

	/**
	 * Revokes every still-active token of a user in a workspace (a membership that stopped being active);
	 * returns how many.
	 */
	public int revokeAllIn(UUID workspaceId, UUID userId, String reason, Instant now) {
		return this.database.jdbc()
			.sql(this.revokeAllInWorkspace)
			.params(AuthDatabase.timestamp(now), reason, workspaceId, userId)
			.update();
	}

	private static RefreshTokenRecord map(ResultSet rs, int rowNum) throws SQLException {
		return new RefreshTokenRecord(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getObject("workspace_id", UUID.class), rs.getObject("family_id", UUID.class),
				rs.getObject("replaced_by_id", UUID.class), AuthDatabase.instant(rs, "expires_at"),
				AuthDatabase.instant(rs, "rotated_at"), AuthDatabase.instant(rs, "revoked_at"));
	}

	/**
	 * The user and workspace a session belongs to.
	 *
	 * @param userId the user
	 * @param workspaceId the workspace
	 * @param sessionId the session
	 */
	public record SessionOwner(UUID userId, UUID workspaceId, UUID sessionId) {
	}

}
