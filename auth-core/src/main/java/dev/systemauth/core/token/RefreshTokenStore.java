package dev.systemauth.core.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code refresh_tokens} table: one row per issued refresh token, grouped in families (sessions).
 * Each method is one statement; callers compose them in a transaction.
 */
public final class RefreshTokenStore {

	private static final String COLUMNS = "id, user_id, workspace_id, family_id, replaced_by_id, expires_at, rotated_at, revoked_at";

	private static final String INSERT = """
			INSERT INTO ${schema}.refresh_tokens (id, workspace_id, user_id, family_id, token_hash, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)""";

	private static final String FIND_FOR_UPDATE = "SELECT " + COLUMNS
			+ " FROM ${schema}.refresh_tokens WHERE token_hash = ANY(?) FOR UPDATE";

	private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM ${schema}.refresh_tokens WHERE id = ?";

	private static final String MARK_ROTATED = """
			UPDATE ${schema}.refresh_tokens SET rotated_at = ?, revoked_at = ?, revoked_reason = 'rotated', replaced_by_id = ?
			WHERE id = ? AND revoked_at IS NULL""";

	private static final String REVOKE_FAMILY = """
			UPDATE ${schema}.refresh_tokens SET revoked_at = ?, revoked_reason = ?
			WHERE family_id = ? AND revoked_at IS NULL""";

	private static final String REVOKE_FAMILY_OF_TOKEN = """
			UPDATE ${schema}.refresh_tokens SET revoked_at = ?, revoked_reason = ?
			WHERE family_id = (SELECT family_id FROM ${schema}.refresh_tokens WHERE token_hash = ANY(?) LIMIT 1) AND revoked_at IS NULL
			RETURNING user_id, workspace_id""";

	private static final String REVOKE_ALL_OF_USER = """
			UPDATE ${schema}.refresh_tokens SET revoked_at = ?, revoked_reason = ?
			WHERE user_id = ? AND revoked_at IS NULL""";

	private static final RowMapper<RefreshTokenRecord> ROW_MAPPER = RefreshTokenStore::map;

	private final AuthDatabase database;

	private final String insert;

	private final String findForUpdate;

	private final String findById;

	private final String markRotated;

	private final String revokeFamily;

	private final String revokeFamilyOfToken;

	private final String revokeAllOfUser;

	public RefreshTokenStore(AuthDatabase database) {
		this.database = database;
		this.insert = database.sql(INSERT);
		this.findForUpdate = database.sql(FIND_FOR_UPDATE);
		this.findById = database.sql(FIND_BY_ID);
		this.markRotated = database.sql(MARK_ROTATED);
		this.revokeFamily = database.sql(REVOKE_FAMILY);
		this.revokeFamilyOfToken = database.sql(REVOKE_FAMILY_OF_TOKEN);
		this.revokeAllOfUser = database.sql(REVOKE_ALL_OF_USER);
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

	/** Revokes every still-active token of a family; returns how many. */
	public int revokeFamily(UUID familyId, String reason, Instant now) {
		return this.database.jdbc()
			.sql(this.revokeFamily)
			.params(AuthDatabase.timestamp(now), reason, familyId)
			.update();
	}

	/** Revokes the family of the token with this hash; returns the session's user and workspace, if any. */
	public Optional<SessionOwner> revokeFamilyOfToken(String[] tokenHashes, String reason, Instant now) {
		return this.database.jdbc()
			.sql(this.revokeFamilyOfToken)
			.params(AuthDatabase.timestamp(now), reason, tokenHashes)
			.query((rs, n) -> new SessionOwner(rs.getObject("user_id", UUID.class),
					rs.getObject("workspace_id", UUID.class)))
			.list()
			.stream()
			.findFirst();
	}

	/** Revokes every active token of a user, in every workspace. */
	public int revokeAllOfUser(UUID userId, String reason, Instant now) {
		return this.database.jdbc()
			.sql(this.revokeAllOfUser)
			.params(AuthDatabase.timestamp(now), reason, userId)
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
	 */
	public record SessionOwner(UUID userId, UUID workspaceId) {
	}

}
