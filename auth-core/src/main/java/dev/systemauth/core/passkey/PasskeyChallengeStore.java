package dev.systemauth.core.passkey;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code passkey_challenges} table: the challenges of registration and authentication ceremonies, by
 * hash only. {@link #consume} is one conditional {@code UPDATE}, so a challenge is used once: of two racing
 * verifications of one response exactly one gets it.
 */
public final class PasskeyChallengeStore {

	/** Challenges of a registration ceremony ({@code navigator.credentials.create}). */
	public static final String REGISTRATION = "registration";

	/** Challenges of an authentication ceremony ({@code navigator.credentials.get}). */
	public static final String AUTHENTICATION = "authentication";

	private static final String INSERT = """
			INSERT INTO ${schema}.passkey_challenges (challenge_hash, purpose, user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)""";

	private static final String CONSUME = """
			UPDATE ${schema}.passkey_challenges SET consumed_at = ?
			WHERE challenge_hash = ANY (?) AND purpose = ? AND user_id IS NOT DISTINCT FROM CAST(? AS uuid)
			  AND consumed_at IS NULL AND expires_at > ?
			RETURNING challenge_hash""";

	private static final String DELETE_EXPIRED = """
			DELETE FROM ${schema}.passkey_challenges WHERE expires_at < ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String consume;

	private final String deleteExpired;

	public PasskeyChallengeStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.consume = database.sql(CONSUME);
		this.deleteExpired = database.sql(DELETE_EXPIRED);
	}

	/**
	 * Stores a challenge by its hash.
	 * @param purpose {@link #REGISTRATION} or {@link #AUTHENTICATION}
	 * @param userId the user the ceremony is for, or {@code null} for a usernameless sign-in
	 */
	public void insert(String challengeHash, String purpose, @Nullable UUID userId, Instant now, Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(challengeHash, purpose, userId, AuthDatabase.timestamp(now), AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/**
	 * Uses a live challenge once: unused, unexpired, of this purpose, and issued for exactly this user (or for
	 * no user when {@code userId} is {@code null}).
	 * @param candidateHashes the hashes of the presented challenge, under the current and previous keys
	 * @return whether this call used it
	 */
	public boolean consume(String[] candidateHashes, String purpose, @Nullable UUID userId, Instant now) {
		return this.database.jdbc()
			.sql(this.consume)
			.params(AuthDatabase.timestamp(now), candidateHashes, purpose, userId, AuthDatabase.timestamp(now))
			.query(String.class)
			.optional()
			.isPresent();
	}

	/** Deletes the challenges that expired before {@code before}; returns how many. */
	public int deleteExpired(Instant before) {
		return this.database.jdbc().sql(this.deleteExpired).param(AuthDatabase.timestamp(before)).update();
	}

}
