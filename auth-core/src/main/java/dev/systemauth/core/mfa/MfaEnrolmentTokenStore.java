package dev.systemauth.core.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code mfa_enrolment_tokens} table: the {@code enrolmentToken}s a sign-in answers with when its workspace
 * requires a second factor the user has not enrolled, by keyed hash. {@link #lockLive} takes the row's lock, so
 * of concurrent confirmations of one token the second waits and then no longer sees it live: one session
 * starts.
 */
public final class MfaEnrolmentTokenStore {

	private static final String INSERT = """
			INSERT INTO ${schema}.mfa_enrolment_tokens (token_hash, user_id, workspace_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)""";

	private static final String LIVE = """
			SELECT token_hash, user_id, workspace_id FROM ${schema}.mfa_enrolment_tokens
			WHERE token_hash = ANY (?) AND consumed_at IS NULL AND expires_at > ? AND failed_attempts < ?""";

	private static final String LOCK_LIVE = LIVE + " FOR UPDATE";

	private static final String CONSUME = """
			UPDATE ${schema}.mfa_enrolment_tokens SET consumed_at = ? WHERE token_hash = ? AND consumed_at IS NULL""";

	private static final String FAIL = """
			UPDATE ${schema}.mfa_enrolment_tokens SET failed_attempts = failed_attempts + 1 WHERE token_hash = ?""";

	private static final String DELETE_EXPIRED = """
			DELETE FROM ${schema}.mfa_enrolment_tokens WHERE expires_at < ?""";

	private static final RowMapper<EnrolmentToken> MAPPER = (rs, n) -> new EnrolmentToken(rs.getString("token_hash"),
			rs.getObject("user_id", UUID.class), rs.getObject("workspace_id", UUID.class));

	private final AuthDatabase database;

	private final String insert;

	private final String live;

	private final String lockLive;

	private final String consume;

	private final String fail;

	private final String deleteExpired;

	public MfaEnrolmentTokenStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.live = database.sql(LIVE);
		this.lockLive = database.sql(LOCK_LIVE);
		this.consume = database.sql(CONSUME);
		this.fail = database.sql(FAIL);
		this.deleteExpired = database.sql(DELETE_EXPIRED);
	}

	/** Stores a token by its keyed hash. */
	public void insert(String tokenHash, UUID userId, UUID workspaceId, Instant now, Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(tokenHash, userId, workspaceId, AuthDatabase.timestamp(now), AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/** Finds a live token (unused, unexpired, under the attempt limit), without locking it. */
	public Optional<EnrolmentToken> findLive(String[] candidateHashes, Instant now, int maxFailures) {
		return this.database.jdbc()
			.sql(this.live)
			.params(candidateHashes, AuthDatabase.timestamp(now), maxFailures)
			.query(MAPPER)
			.optional();
	}

	/**
	 * Finds a live token and locks it until the caller's transaction ends. Must run in a transaction.
	 */
	public Optional<EnrolmentToken> lockLive(String[] candidateHashes, Instant now, int maxFailures) {
		return this.database.jdbc()
			.sql(this.lockLive)
			.params(candidateHashes, AuthDatabase.timestamp(now), maxFailures)
			.query(MAPPER)
			.optional();
	}

	/** Marks a locked token used. */
	public boolean consume(String tokenHash, Instant now) {
		return this.database.jdbc().sql(this.consume).params(AuthDatabase.timestamp(now), tokenHash).update() == 1;
	}

	/** Counts a wrong code against a locked token. */
	public void fail(String tokenHash) {
		this.database.jdbc().sql(this.fail).param(tokenHash).update();
	}

	/** Deletes the tokens that expired before {@code before}; returns how many. */
	public int deleteExpired(Instant before) {
		return this.database.jdbc().sql(this.deleteExpired).param(AuthDatabase.timestamp(before)).update();
	}

	/**
	 * A live enrolment token.
	 *
	 * @param tokenHash the stored hash
	 * @param userId who passed the first factor
	 * @param workspaceId the workspace the session is to start in
	 */
	public record EnrolmentToken(String tokenHash, UUID userId, UUID workspaceId) {
	}

}
