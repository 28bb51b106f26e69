package dev.systemauth.core.onetime;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * One mechanism for the three single-use tokens (verification, reset, magic link): only a keyed hash is
 * stored; consumption is one conditional {@code UPDATE ... RETURNING}, so of two concurrent uses exactly one
 * wins; expiry is checked in the same statement.
 * <p>
 * <strong>Internal.</strong> Public only because the flows in other packages use it; not part of the API a
 * host should call. It writes no audit row and applies no throttling: a host mints and consumes tokens through the flows (verification, password reset, magic link), which do both.
 */
public final class OneTimeTokenStore {

	private final AuthDatabase database;

	private final Map<OneTimeTokenKind, Statements> statements = new EnumMap<>(OneTimeTokenKind.class);

	private final String insertVerification;

	private final String latestCodeForUpdate;

	private final String incrementAttempts;

	private final String markConsumed;

	public OneTimeTokenStore(AuthDatabase database) {
		this.database = database;
		for (OneTimeTokenKind kind : OneTimeTokenKind.values()) {
			this.statements.put(kind, new Statements(database, kind.table()));
		}
		this.insertVerification = database.sql("""
				INSERT INTO ${schema}.email_verification_tokens (id, user_id, workspace_id, token_hash, kind, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""");
		this.latestCodeForUpdate = database.sql("""
				SELECT id, token_hash, attempts FROM ${schema}.email_verification_tokens
				WHERE user_id = ? AND kind = 'code' AND consumed_at IS NULL AND expires_at > ?
				ORDER BY created_at DESC LIMIT 1 FOR UPDATE""");
		this.incrementAttempts = database.sql(
				"UPDATE ${schema}.email_verification_tokens SET attempts = attempts + 1 WHERE id = ? RETURNING attempts");
		this.markConsumed = database.sql(
				"UPDATE ${schema}.email_verification_tokens SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL");
	}

	/** Stores a reset or magic-link token. */
	public void insert(OneTimeTokenKind kind, UUID id, UUID userId, @Nullable UUID workspaceId, String tokenHash,
			Instant now, Instant expiresAt) {
		if (kind == OneTimeTokenKind.EMAIL_VERIFICATION) {
			throw new IllegalArgumentException("use insertVerification for verification tokens");
		}
		this.database.jdbc()
			.sql(this.statements.get(kind).insert)
			.params(id, userId, workspaceId, tokenHash, AuthDatabase.timestamp(now), AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/** Stores a verification code ({@code code}) or link token ({@code link}). */
	public void insertVerification(UUID id, UUID userId, @Nullable UUID workspaceId, String tokenHash, String mode,
			Instant now, Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insertVerification)
			.params(id, userId, workspaceId, tokenHash, mode, AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/**
	 * Consumes a token by any of its candidate hashes if it is unused and unexpired; at most one caller ever
	 * gets it.
	 */
	public Optional<ConsumedToken> consume(OneTimeTokenKind kind, String[] tokenHashes, Instant now) {
		return this.database.jdbc()
			.sql(this.statements.get(kind).consume)
			.params(AuthDatabase.timestamp(now), tokenHashes, AuthDatabase.timestamp(now))
			.query((rs, n) -> new ConsumedToken(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
					rs.getObject("workspace_id", UUID.class)))
			.optional();
	}

	/**
	 * The user of an unused, unexpired token, without consuming it: a look before the consuming transaction
	 * (for example to screen a new password against the account). Only {@link #consume} decides.
	 */
	public Optional<UUID> findLiveUserId(OneTimeTokenKind kind, String[] tokenHashes, Instant now) {
		return this.database.jdbc()
			.sql(this.statements.get(kind).findLiveUserId)
			.params(tokenHashes, AuthDatabase.timestamp(now))
			.query((rs, n) -> rs.getObject("user_id", UUID.class))
			.optional();
	}

	/** Ends every unused token of this kind for a user (a new one was issued, or the password changed). */
	public int invalidateAll(OneTimeTokenKind kind, UUID userId, Instant now) {
		return this.database.jdbc()
			.sql(this.statements.get(kind).invalidateAll)
			.params(AuthDatabase.timestamp(now), userId)
			.update();
	}

	/** The newest live verification code of a user, locked until the transaction ends. */
	public Optional<PendingCode> latestCodeForUpdate(UUID userId, Instant now) {
		return this.database.jdbc()
			.sql(this.latestCodeForUpdate)
			.params(userId, AuthDatabase.timestamp(now))
			.query((rs, n) -> new PendingCode(rs.getObject("id", UUID.class), rs.getString("token_hash"),
					rs.getInt("attempts")))
			.optional();
	}

	/**
	 * Counts one wrong attempt; returns the new count, or 0 when no code has that id (callers that must not
	 * reveal whether a code exists count against an id that matches nothing).
	 */
	public int incrementAttempts(UUID id) {
		return this.database.jdbc().sql(this.incrementAttempts).param(id).query(Integer.class).optional().orElse(0);
	}

	public boolean markConsumed(UUID id, Instant now) {
		return this.database.jdbc().sql(this.markConsumed).params(AuthDatabase.timestamp(now), id).update() == 1;
	}

	/**
	 * Deletes the tokens of every kind that expired before {@code before}, used or not: an expired token can
	 * no longer be consumed, and answers exactly like an unknown one. Returns how many.
	 */
	public int deleteExpired(Instant before) {
		int deleted = 0;
		for (Statements kind : this.statements.values()) {
			deleted += this.database.jdbc().sql(kind.deleteExpired).param(AuthDatabase.timestamp(before)).update();
		}
		return deleted;
	}

	private static final class Statements {

		final String insert;

		final String consume;

		final String invalidateAll;

		final String findLiveUserId;

		final String deleteExpired;

		Statements(AuthDatabase database, String table) {
			this.insert = database.sql("INSERT INTO ${schema}." + table
					+ " (id, user_id, workspace_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
			this.consume = database.sql("UPDATE ${schema}." + table
					+ " SET consumed_at = ? WHERE token_hash = ANY(?) AND consumed_at IS NULL AND expires_at > ?"
					+ " RETURNING id, user_id, workspace_id");
			this.invalidateAll = database.sql("UPDATE ${schema}." + table
					+ " SET consumed_at = ? WHERE user_id = ? AND consumed_at IS NULL");
			this.findLiveUserId = database.sql("SELECT user_id FROM ${schema}." + table
					+ " WHERE token_hash = ANY(?) AND consumed_at IS NULL AND expires_at > ? LIMIT 1");
			this.deleteExpired = database.sql("DELETE FROM ${schema}." + table + " WHERE expires_at < ?");
		}

	}

}
