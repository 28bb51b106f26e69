package dev.systemauth.core.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.MembershipStatus;

/**
 * The {@link UserStore} on the {@code users} table, and the only class that writes it. The unique index on
 * {@code lower(email)} makes one account per email a database guarantee. The SQL is in constants, and a
 * row becomes a {@link UserAccount} through a {@link UserAccountRowMapper} that
 * {@link #setUserAccountRowMapper} replaces, as in Spring Security's {@code JdbcOAuth2AuthorizationService}.
 */
public final class JdbcUserStore implements UserStore {

	/** The columns every account read selects, in the order {@link UserAccountRowMapper} reads them by name. */
	static final String COLUMNS = "id, email, password_hash, email_verified_at, status";

	private static final String INSERT = """
			INSERT INTO ${schema}.users (id, email, password_hash, email_verified_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING""";

	private static final String FIND_BY_EMAIL = "SELECT " + COLUMNS
			+ " FROM ${schema}.users WHERE lower(email) = lower(?)";

	/** The account and its active memberships in one round trip, for a sign-in. */
	private static final String FIND_FOR_SIGN_IN = """
			SELECT u.id, u.email, u.password_hash, u.email_verified_at, u.status,
				m.workspace_id, m.role, w.name AS workspace_name, w.slug AS workspace_slug
			FROM ${schema}.users u
			LEFT JOIN ${schema}.workspace_members m ON m.user_id = u.id AND m.status = 'active'
			LEFT JOIN ${schema}.workspaces w ON w.id = m.workspace_id
			WHERE lower(u.email) = lower(?)
			ORDER BY w.name, w.id""";

	private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM ${schema}.users WHERE id = ?";

	private static final String MARK_VERIFIED = """
			UPDATE ${schema}.users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?""";

	private static final String UPDATE_PASSWORD = """
			UPDATE ${schema}.users SET password_hash = ?, updated_at = ? WHERE id = ?""";

	private static final String CLEAR_PASSWORD = """
			UPDATE ${schema}.users SET password_hash = NULL, updated_at = ? WHERE id = ?""";

	private static final String UPDATE_STATUS = """
			UPDATE ${schema}.users SET status = ?, updated_at = ? WHERE id = ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String findByEmail;

	private final String findById;

	private final String findForSignIn;

	private final String markVerified;

	private final String updatePassword;

	private final String updateStatus;

	private final String clearPassword;

	private final @Nullable MembershipCache cache;

	private RowMapper<UserAccount> userAccountRowMapper = new UserAccountRowMapper();

	public JdbcUserStore(AuthDatabase database) {
		this(database, null);
	}

	/**
	 * A store that tells the membership cache when a user's status changes.
	 * @param database the database
	 * @param cache the cache, or {@code null} for none
	 */
	public JdbcUserStore(AuthDatabase database, @Nullable MembershipCache cache) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.cache = cache;
		this.insert = database.sql(INSERT);
		this.findByEmail = database.sql(FIND_BY_EMAIL);
		this.findById = database.sql(FIND_BY_ID);
		this.findForSignIn = database.sql(FIND_FOR_SIGN_IN);
		this.markVerified = database.sql(MARK_VERIFIED);
		this.updatePassword = database.sql(UPDATE_PASSWORD);
		this.updateStatus = database.sql(UPDATE_STATUS);
		this.clearPassword = database.sql(CLEAR_PASSWORD);
	}

	/**
	 * Replaces the mapping of a {@code users} row (the columns {@code id, email, password_hash,
	 * email_verified_at, status}) to an account.
	 * @param userAccountRowMapper the row mapper
	 */
	public void setUserAccountRowMapper(RowMapper<UserAccount> userAccountRowMapper) {
		this.userAccountRowMapper = Objects.requireNonNull(userAccountRowMapper,
				"userAccountRowMapper must not be null");
	}

	@Override
	public boolean insert(UUID id, String email, String passwordHash, boolean emailVerified, Instant now) {
		return this.database.jdbc()
			.sql(this.insert)
			.params(id, email, passwordHash, emailVerified ? AuthDatabase.timestamp(now) : null,
					AuthDatabase.timestamp(now), AuthDatabase.timestamp(now))
			.update() == 1;
	}

	@Override
	public Optional<UserAccount> findByEmail(String normalizedEmail) {
		return this.database.jdbc().sql(this.findByEmail).param(normalizedEmail).query(this.userAccountRowMapper)
			.optional();
	}

	@Override
	public Optional<SignInAccount> findForSignIn(String normalizedEmail) {
		RowMapper<UserAccount> accountMapper = this.userAccountRowMapper;
		List<Row> rows = this.database.jdbc()
			.sql(this.findForSignIn)
			.param(normalizedEmail)
			.query((rs, n) -> new Row(accountMapper.mapRow(rs, n), membership(rs)))
			.list();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		List<Membership> memberships = rows.stream().map(Row::membership).filter(Objects::nonNull).toList();
		return Optional.of(new SignInAccount(rows.get(0).account(), memberships));
	}

	private static @Nullable Membership membership(ResultSet rs) throws SQLException {
		UUID workspaceId = rs.getObject("workspace_id", UUID.class);
		if (workspaceId == null) {
			return null;
		}
		return new Membership(workspaceId, rs.getObject("id", UUID.class), MembershipRole.of(rs.getString("role")),
				MembershipStatus.ACTIVE, rs.getString("workspace_name"), rs.getString("workspace_slug"));
	}

	private record Row(UserAccount account, @Nullable Membership membership) {
	}

	@Override
	public Optional<UserAccount> findById(UUID id) {
		return this.database.jdbc().sql(this.findById).param(id).query(this.userAccountRowMapper).optional();
	}

	@Override
	public void markEmailVerified(UUID id, Instant now) {
		this.database.jdbc()
			.sql(this.markVerified)
			.params(AuthDatabase.timestamp(now), AuthDatabase.timestamp(now), id)
			.update();
	}

	@Override
	public void updatePassword(UUID id, String passwordHash, Instant now) {
		this.database.jdbc().sql(this.updatePassword).params(passwordHash, AuthDatabase.timestamp(now), id).update();
	}

	@Override
	public void clearPassword(UUID id, Instant now) {
		this.database.jdbc().sql(this.clearPassword).params(AuthDatabase.timestamp(now), id).update();
	}

	@Override
	public boolean updateStatus(UUID id, UserStatus status, Instant now) {
		Objects.requireNonNull(status, "status must not be null");
		if (this.cache != null) {
			this.cache.invalidateUser(id);
		}
		boolean updated = this.database.jdbc()
			.sql(this.updateStatus)
			.params(status.value(), AuthDatabase.timestamp(now), id)
			.update() == 1;
		if (this.cache != null) {
			this.cache.invalidateUser(id);
		}
		return updated;
	}

	/**
	 * Maps a {@code users} row to a {@link UserAccount}; public so that a host can wrap or replace it.
	 */
	public static class UserAccountRowMapper implements RowMapper<UserAccount> {

		@Override
		public UserAccount mapRow(ResultSet rs, int rowNum) throws SQLException {
			return new UserAccount(rs.getObject("id", UUID.class), rs.getString("email"),
					rs.getString("password_hash"), AuthDatabase.instant(rs, "email_verified_at"),
					rs.getString("status"));
		}

	}

}
