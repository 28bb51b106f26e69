package dev.systemauth.core.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code mfa_challenges} table: the {@code mfaToken}s between a sign-in's first and second factor, by
 * hash. {@link #lockLive} takes the row's lock, so of concurrent verifications of one token the second waits
 * and then no longer sees it live once the first consumed it: exactly one session starts.
 */
public final class MfaChallengeStore {

	private static final String INSERT = """
			INSERT INTO ${schema}.mfa_challenges (token_hash, user_id, workspace_id, method, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)""";

	private static final String LOCK_LIVE = """
			SELECT token_hash, user_id, workspace_id FROM ${schema}.mfa_challenges
			WHERE token_hash = ANY (?) AND consumed_at IS NULL AND expires_at > ? AND failed_attempts < ?
			FOR UPDATE""";

	private static final String CONSUME = """
			UPDATE ${schema}.mfa_challenges SET consumed_at = ? WHERE token_hash = ? AND consumed_at IS NULL""";

	private static final String FAIL = """
			UPDATE ${schema}.mfa_challenges SET failed_attempts = failed_attempts + 1 WHERE token_hash = ?""";

	private static final String DELETE_EXPIRED = """
			DELETE FROM ${schema}.mfa_challenges WHERE expires_at < ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String lockLive;

	private final String consume;

	private final String fail;

	private final String deleteExpired;

	public MfaChallengeStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.lockLive = database.sql(LOCK_LIVE);
		this.consume = database.sql(CONSUME);
		this.fail = database.sql(FAIL);
		this.deleteExpired = database.sql(DELETE_EXPIRED);
	}

	/** Stores a challenge by the hash of its token. */
	public void insert(String tokenHash, UUID userId, UUID workspaceId, String method, Instant now,
			Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(tokenHash, userId, workspaceId, method, AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/**
	 * Finds a live challenge (unused, unexpired, under the attempt limit) and locks it until the caller's
	 * transaction ends. Must run in a transaction.
	 */
	public Optional<Challenge> lockLive(String[] candidateHashes, Instant now, int maxFailures) {
		return this.database.jdbc()
			.sql(this.lockLive)
			.params(candidateHashes, AuthDatabase.timestamp(now), maxFailures)
			.query((rs, n) -> new Challenge(rs.getString("token_hash"), rs.getObject("user_id", UUID.class),
					rs.getObject("workspace_id", UUID.class)))
			.optional();
	}

	/** Marks a locked challenge used. */
	public boolean consume(String tokenHash, Instant now) {
		return this.database.jdbc().sql(this.consume).params(AuthDatabase.timestamp(now), tokenHash).update() == 1;
	}

	/** Counts a wrong code against a locked challenge. */
	public void fail(String tokenHash) {
		this.database.jdbc().sql(this.fail).param(tokenHash).update();
	}

	/** Deletes the challenges that expired before {@code before}; returns how many. */
	public int deleteExpired(Instant before) {
		return this.database.jdbc().sql(this.deleteExpired).param(AuthDatabase.timestamp(before)).update();
	}

	/**
	 * A live challenge.
	 *
	 * @param tokenHash the stored hash
	 * @param userId who passed the first factor
	 * @param workspaceId the workspace the session is to start in
	 */
	public record Challenge(String tokenHash, UUID userId, UUID workspaceId) {
	}

}
