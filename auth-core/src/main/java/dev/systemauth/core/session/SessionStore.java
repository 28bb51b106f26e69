package dev.systemauth.core.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code sessions} table, and the only class that writes it. Each method is one statement; callers
 * compose them in a transaction.
 * <p>
 * Ending a session ends the sessions started from it by a workspace switch ({@code parent_id}), transitively.
 * The descendants are found by a statement of their own, after the session's row is locked by the first:
 * a switch that locked the parent ({@link #lockLive}) before the end began has committed its child by then,
 * so the second statement, with a fresh snapshot, sees and ends it.
 */
public final class SessionStore {

	private static final String COLUMNS = "id, user_id, workspace_id, parent_id, created_at, last_used_at, expires_at, "
			+ "ip, user_agent, revoked_at";

	private static final String INSERT = """
			INSERT INTO ${schema}.sessions (id, user_id, workspace_id, parent_id, created_at, last_used_at, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String LOCK_LIVE = "SELECT " + COLUMNS
			+ " FROM ${schema}.sessions WHERE id = ? AND revoked_at IS NULL FOR SHARE";

	private static final String FIND_FOR_UPDATE = "SELECT " + COLUMNS + " FROM ${schema}.sessions WHERE id = ? FOR UPDATE";

	private static final String IS_LIVE = """
			SELECT EXISTS (SELECT 1 FROM ${schema}.sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL)""";

	private static final String LIVE_OF_USER = "SELECT " + COLUMNS + """
			 FROM ${schema}.sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?
			ORDER BY last_used_at DESC, id""";

	private static final String END = """
			UPDATE ${schema}.sessions SET revoked_at = ?, revoked_reason = ?
			WHERE id = ? AND revoked_at IS NULL RETURNING id""";

	private static final String END_OWNED = """
			UPDATE ${schema}.sessions SET revoked_at = ?, revoked_reason = ?
			WHERE id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ? RETURNING id""";

	private static final String END_DESCENDANTS = """
			WITH RECURSIVE descendants AS (
				SELECT id FROM ${schema}.sessions WHERE parent_id = ANY(?)
				UNION
				SELECT s.id FROM ${schema}.sessions s JOIN descendants d ON s.parent_id = d.id)
			UPDATE ${schema}.sessions SET revoked_at = ?, revoked_reason = ?
			WHERE id IN (SELECT id FROM descendants) AND revoked_at IS NULL RETURNING id""";

	private static final String END_ALL_OF_USER = """
			UPDATE ${schema}.sessions SET revoked_at = ?, revoked_reason = ?
			WHERE user_id = ? AND revoked_at IS NULL RETURNING id""";

	private static final String END_ALL_IN_WORKSPACE = """
			UPDATE ${schema}.sessions SET revoked_at = ?, revoked_reason = ?
			WHERE workspace_id = ? AND user_id = ? AND revoked_at IS NULL RETURNING id""";

	private static final String TOUCH = """
			UPDATE ${schema}.sessions SET last_used_at = ?, expires_at = ?, ip = CAST(? AS text), user_agent = CAST(? AS text)
			WHERE id = ?""";

	private static final String ENDED_SINCE = "SELECT id FROM ${schema}.sessions WHERE revoked_at > ?";

	/** Maps a row of {@link #COLUMNS}; public so that a host's own queries can reuse it. */
	public static final RowMapper<SessionRecord> ROW_MAPPER = SessionStore::map;

	private final AuthDatabase database;

	private final String insert;

	private final String lockLive;

	private final String findForUpdate;

	private final String isLive;

	private final String liveOfUser;

	private final String end;

	private final String endOwned;

	private final String endDescendants;

	private final String endAllOfUser;

	private final String endAllInWorkspace;

	private final String endedSince;

	private final String touch;

	public SessionStore(AuthDatabase database) {
		this.database = database;
		this.insert = database.sql(INSERT);
		this.lockLive = database.sql(LOCK_LIVE);
		this.findForUpdate = database.sql(FIND_FOR_UPDATE);
		this.isLive = database.sql(IS_LIVE);
		this.liveOfUser = database.sql(LIVE_OF_USER);
		this.end = database.sql(END);
		this.endOwned = database.sql(END_OWNED);
		this.endDescendants = database.sql(END_DESCENDANTS);
		this.endAllOfUser = database.sql(END_ALL_OF_USER);
		this.endAllInWorkspace = database.sql(END_ALL_IN_WORKSPACE);
		this.endedSince = database.sql(ENDED_SINCE);
		this.touch = database.sql(TOUCH);
	}

	/** Starts a session row. */
	public void insert(UUID id, UUID userId, UUID workspaceId, @Nullable UUID parentId, Instant now,
			Instant expiresAt, ClientInfo client) {
		this.database.jdbc()
			.sql(this.insert)
			.params(id, userId, workspaceId, parentId, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt), client.ip(), client.userAgent())
			.update();
	}

	/**
	 * Locks a session that has not ended against being ended until the transaction commits (a workspace
	 * switch starting a child from it).
	 */
	public Optional<SessionRecord> lockLive(UUID id) {
		return this.database.jdbc().sql(this.lockLive).param(id).query(ROW_MAPPER).optional();
	}

	/** Finds a session and locks its row until the transaction ends. */
	public Optional<SessionRecord> findForUpdate(UUID id) {
		return this.database.jdbc().sql(this.findForUpdate).param(id).query(ROW_MAPPER).optional();
	}

	/** Whether a session of this user exists and has not been ended. */
	public boolean isLive(UUID id, UUID userId) {
		return Boolean.TRUE.equals(
				this.database.jdbc().sql(this.isLive).params(id, userId).query(Boolean.class).single());
	}

	/** The sessions of a user that are neither ended nor expired, most recently used first. */
	public List<SessionRecord> liveOf(UUID userId, Instant now) {
		return this.database.jdbc()
			.sql(this.liveOfUser)
			.params(userId, AuthDatabase.timestamp(now))
			.query(ROW_MAPPER)
			.list();
	}

	/** Ends one session; returns its id when it was live. Its descendants need {@link #endDescendants}. */
	public List<UUID> end(UUID id, String reason, Instant now) {
		return ids(this.database.jdbc().sql(this.end).params(AuthDatabase.timestamp(now), reason, id));
	}

	/** Ends a live, unexpired session of this user; empty when there is none with this id. */
	public List<UUID> endOwned(UUID id, UUID userId, String reason, Instant now) {
		return ids(this.database.jdbc()
			.sql(this.endOwned)
			.params(AuthDatabase.timestamp(now), reason, id, userId, AuthDatabase.timestamp(now)));
	}

	/** Ends every session started, directly or not, from one of these; returns their ids. */
	public List<UUID> endDescendants(List<UUID> parents, String reason, Instant now) {
		if (parents.isEmpty()) {
			return List.of();
		}
		return ids(this.database.jdbc()
			.sql(this.endDescendants)
			.params(parents.toArray(UUID[]::new), AuthDatabase.timestamp(now), reason));
	}

	/** Ends every session of a user; returns their ids. */
	public List<UUID> endAllOf(UUID userId, String reason, Instant now) {
		return ids(this.database.jdbc().sql(this.endAllOfUser).params(AuthDatabase.timestamp(now), reason, userId));
	}

	/** Ends every session of a user in one workspace; returns their ids. */
	public List<UUID> endAllIn(UUID workspaceId, UUID userId, String reason, Instant now) {
		return ids(this.database.jdbc()
			.sql(this.endAllInWorkspace)
			.params(AuthDatabase.timestamp(now), reason, workspaceId, userId));
	}

	/** Records a refresh of the session: when, from where, and its new expiry. */
	public void touch(UUID id, Instant now, Instant expiresAt, ClientInfo client) {
		this.database.jdbc()
			.sql(this.touch)
			.params(AuthDatabase.timestamp(now), AuthDatabase.timestamp(expiresAt), client.ip(), client.userAgent(), id)
			.update();
	}

	/** The ids of sessions ended after {@code since}. */
	public List<UUID> endedSince(Instant since) {
		return this.database.jdbc()
			.sql(this.endedSince)
			.param(AuthDatabase.timestamp(since))
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.list();
	}

	private static List<UUID> ids(org.springframework.jdbc.core.simple.JdbcClient.StatementSpec statement) {
		return statement.query((rs, n) -> rs.getObject(1, UUID.class)).list();
	}

	private static SessionRecord map(ResultSet rs, int rowNum) throws SQLException {
		return new SessionRecord(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getObject("workspace_id", UUID.class), rs.getObject("parent_id", UUID.class),
				AuthDatabase.instant(rs, "created_at"), AuthDatabase.instant(rs, "last_used_at"),
				AuthDatabase.instant(rs, "expires_at"), rs.getString("ip"), rs.getString("user_agent"),
				AuthDatabase.instant(rs, "revoked_at"));
	}

}
