package dev.systemauth.core.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code mfa_recovery_codes} table: the hashes of a user's recovery codes. A code is spent by one
 * conditional {@code UPDATE}, so it is used once ever, even by concurrent requests.
 */
public final class RecoveryCodeStore {

	private static final String DELETE_ALL = """
			DELETE FROM ${schema}.mfa_recovery_codes WHERE user_id = ?""";

	private static final String INSERT = """
			INSERT INTO ${schema}.mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)""";

	private static final String USE = """
			UPDATE ${schema}.mfa_recovery_codes SET used_at = ?
			WHERE user_id = ? AND code_hash = ANY (?) AND used_at IS NULL""";

	private final AuthDatabase database;

	private final String deleteAll;

	private final String insert;

	private final String use;

	public RecoveryCodeStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.deleteAll = database.sql(DELETE_ALL);
		this.insert = database.sql(INSERT);
		this.use = database.sql(USE);
	}

	/** Replaces every code of the user with these hashes. Run it in the caller's transaction. */
	public void replace(UUID userId, List<String> codeHashes, Instant now) {
		deleteAll(userId);
		for (String hash : codeHashes) {
			this.database.jdbc().sql(this.insert).params(userId, hash, AuthDatabase.timestamp(now)).update();
		}
	}

	/** Deletes every code of the user. */
	public void deleteAll(UUID userId) {
		this.database.jdbc().sql(this.deleteAll).param(userId).update();
	}

	/**
	 * Spends an unused code.
	 * @param candidateHashes the presented code's hash under each configured hashing key
	 * @return whether this call spent one
	 */
	public boolean use(UUID userId, String[] candidateHashes, Instant now) {
		return this.database.jdbc()
			.sql(this.use)
			.params(AuthDatabase.timestamp(now), userId, candidateHashes)
			.update() >= 1;
	}

}
