package dev.systemauth.core.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.RefreshTokenStore;

/**
 * The {@code sessions} table, and the only class that writes it: the one-statement refresh of
 * {@code RefreshTokenStore}, which touches the session it rotates in, does so through {@link #TOUCH_SET}. Each
 * method is one statement; callers compose them in a transaction. {@link #start} is a whole session start in
 * itself: it also inserts the first refresh token, through {@link RefreshTokenStore#INSERT_ROW}, and the audit
 * row, through {@link AuditLog#INSERT_ROW}.
 * <p>
 * Ending a session ends the sessions started from it by a workspace switch ({@code parent_id}), transitively.
 * The descendants are found by a statement of their own, after the session's row is locked by the first:
 * a switch that locked the parent ({@link #lockLive}) before the end began has committed its child by then,
 * so the second statement, with a fresh snapshot, sees and ends it.
 * <p>
 * At about 270 lines it stays one class on purpose: it is the one class that writes {@code sessions}, and
 * splitting it would spread that table's SQL over several.
 */
public final class SessionStore {

	private static final String COLUMNS = "id, user_id, workspace_id, parent_id, created_at, last_used_at, expires_at, "
			+ "ip, user_agent, revoked_at";

	/**
	 * A whole session start in one statement: the session row, its first refresh token, the audit row of the
	 * way in (when given) and the settling of the throttle counters the sign-in reserved. On its own
	 * (autocommit) it is atomic; inside a caller's transaction it joins it. Like the one-statement refresh,
	 * it writes more tables than its own, so that a sign-in costs one write round trip.
	 */
	private static final String START = """
			WITH session AS (
				INSERT INTO ${schema}.sessions (id, user_id, workspace_id, parent_id, created_at, last_used_at, expires_at, ip, user_agent)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, user_id, workspace_id, created_at, expires_at),
			token AS (
			""" + RefreshTokenStore.INSERT_ROW + """
				SELECT ?, s.workspace_id, s.user_id, s.id, ?, s.created_at, s.expires_at FROM session s),
			audit AS (
			""" + AuditLog.INSERT_ROW + """
				SELECT CAST(? AS uuid), CAST(? AS uuid), ?, ?, CAST(? AS text), CAST(? AS text), CAST(? AS jsonb)
				FROM session s WHERE CAST(? AS boolean)),
			""" + ThrottleStore.SETTLE_LOCK.stripTrailing() + ",\nsettled AS (\n" + ThrottleStore.SETTLE_UPDATE + ")\n"
			+ "SELECT id FROM session";

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

	/**
	 * The head of the update that records a session's use ({@code s}): last use, expiry, client. Owned here,
	 * and followed by {@code WHERE} in {@code touch} and by {@code FROM … WHERE} in the one-statement refresh
	 * of {@code RefreshTokenStore}. A template ({@code ${schema}}).
	 */
	public static final String TOUCH_SET = """
			UPDATE ${schema}.sessions s SET last_used_at = ?, expires_at = ?, ip = CAST(? AS text), user_agent = CAST(? AS text)
			""";

	private static final String TOUCH = TOUCH_SET + "WHERE s.id = ?";

	private static final String ENDED_SINCE = "SELECT id FROM ${schema}.sessions WHERE revoked_at > ?";

	/** Maps a row of {@link #COLUMNS}; public so that a host's own queries can reuse it. */
	public static final RowMapper<SessionRecord> ROW_MAPPER = SessionStore::map;

	private final AuthDatabase database;

	private final String start;

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
		this.start = database.sql(START);
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

	/**
	 * Starts a session, its first refresh token, its audit row and the settling of throttle counters, in one
	 * statement.
	 * @param id the session id
	 * @param userId the user
	 * @param workspaceId the workspace
	 * @param parentId the session it was switched from, if any
	 * @param now the start
	 * @param expiresAt when the session and its first refresh token expire unless refreshed
	 * @param client the device
	 * @param refreshTokenId the first refresh token's row id
	 * @param refreshTokenHash its keyed hash
	 * @param audit the audit row of the way in, or {@code null} for none
	 * @param settlement the throttle counters to settle
	 */
	public void start(UUID id, UUID userId, UUID workspaceId, @Nullable UUID parentId, Instant now,
			Instant expiresAt, ClientInfo client, UUID refreshTokenId, String refreshTokenHash,
			@Nullable AuditEvent audit, ThrottleSettlement settlement) {
		this.database.jdbc()
			.sql(this.start)
			.params(id, userId, workspaceId, parentId, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt), client.ip(), client.userAgent(), refreshTokenId,
					refreshTokenHash, (audit != null) ? audit.workspaceId() : null,
					(audit != null) ? audit.userId() : null, (audit != null) ? audit.type() : null,
					(audit != null) ? audit.outcome().value() : null, (audit != null) ? audit.client().ip() : null,
					(audit != null) ? audit.client().userAgent() : null,
					(audit != null) ? AuditLog.detailsJson(audit) : null, audit != null,
					settlement.resetKeys().toArray(String[]::new), settlement.takeBackKeys().toArray(String[]::new))
			.query((rs, n) -> rs.getObject(1, UUID.class))
			.single();
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
