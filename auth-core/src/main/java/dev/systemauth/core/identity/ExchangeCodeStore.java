package dev.systemauth.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code oauth_exchange_codes} table: the one-time codes a provider callback hands the front end. Only
 * their hash is stored; consumption is one conditional {@code UPDATE ... RETURNING}, so of concurrent
 * exchanges of one code exactly one wins, and only before it expires.
 */
public final class ExchangeCodeStore {

	private static final String INSERT = """
			INSERT INTO ${schema}.oauth_exchange_codes (code_hash, user_id, workspace_id, provider, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)""";

	private static final String CONSUME = """
			UPDATE ${schema}.oauth_exchange_codes SET consumed_at = ?
			WHERE code_hash = ? AND consumed_at IS NULL AND expires_at > ?
			RETURNING user_id, workspace_id, provider""";

	private static final String DELETE_EXPIRED = """
			DELETE FROM ${schema}.oauth_exchange_codes WHERE expires_at < ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String consume;

	private final String deleteExpired;

	public ExchangeCodeStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.consume = database.sql(CONSUME);
		this.deleteExpired = database.sql(DELETE_EXPIRED);
	}

	/** Deletes the codes that expired before {@code before}; returns how many. */
	public int deleteExpired(Instant before) {
		return this.database.jdbc().sql(this.deleteExpired).param(AuthDatabase.timestamp(before)).update();
	}

	/**
	 * Stores a code (hashed).
	 * @param code the code as given to the front end
	 * @param userId the user who signed in
	 * @param workspaceId the workspace the session is to start in, if already decided
	 * @param provider the provider's id
	 * @param now when
	 * @param expiresAt until when it may be exchanged
	 */
	public void insert(String code, UUID userId, @Nullable UUID workspaceId, String provider, Instant now,
			Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(Hashes.sha256(code), userId, workspaceId, provider, AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/**
	 * Consumes a code if it is unused and unexpired; at most one caller ever gets it. Joins the caller's
	 * transaction, so a rolled-back exchange leaves the code unused.
	 * @param code the code as presented
	 * @param now when
	 * @return what it was issued for, or empty
	 */
	public Optional<ExchangeCode> consume(String code, Instant now) {
		return this.database.jdbc()
			.sql(this.consume)
			.params(AuthDatabase.timestamp(now), Hashes.sha256(code), AuthDatabase.timestamp(now))
			.query((rs, n) -> new ExchangeCode(rs.getObject("user_id", UUID.class),
					rs.getObject("workspace_id", UUID.class), rs.getString("provider")))
			.optional();
	}

	/**
	 * A consumed exchange code.
	 *
	 * @param userId the user who signed in
	 * @param workspaceId the workspace decided at the callback, if any
	 * @param provider the provider's id
	 */
	public record ExchangeCode(UUID userId, @Nullable UUID workspaceId, String provider) {
	}

}
