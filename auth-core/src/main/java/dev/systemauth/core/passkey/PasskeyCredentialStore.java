package dev.systemauth.core.passkey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code passkey_credentials} table: the passkeys users registered. A credential id belongs to one
 * passkey ({@link #insert} reports a duplicate instead of failing); the signature counter only moves forward,
 * by one conditional {@code UPDATE} ({@link #recordUse}).
 */
public final class PasskeyCredentialStore {

	private static final String COLUMNS = """
			id, user_id, credential_id, attested_credential_data, sign_count, transports, uv_initialized,
			backup_eligible, backed_up, name, created_at, last_used_at""";

	private static final String INSERT = """
			INSERT INTO ${schema}.passkey_credentials (id, user_id, credential_id, attested_credential_data,
			    sign_count, transports, uv_initialized, backup_eligible, backed_up, name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (credential_id) DO NOTHING""";

	private static final String FIND_BY_CREDENTIAL_ID = "SELECT " + COLUMNS
			+ " FROM ${schema}.passkey_credentials WHERE credential_id = ?";

	private static final String LIST_BY_USER = "SELECT " + COLUMNS
			+ " FROM ${schema}.passkey_credentials WHERE user_id = ? ORDER BY created_at, id";

	private static final String COUNT_FOR_USER = """
			SELECT count(*) FROM ${schema}.passkey_credentials WHERE user_id = ?""";

	private static final String EXISTS_FOR_USER = """
			SELECT EXISTS (SELECT 1 FROM ${schema}.passkey_credentials WHERE user_id = ?)""";

	// a counter of 0 means the authenticator keeps none: it stays 0; otherwise it must grow
	private static final String RECORD_USE = """
			UPDATE ${schema}.passkey_credentials SET sign_count = ?, last_used_at = ?
			WHERE id = ? AND ((? = 0 AND sign_count = 0) OR sign_count < ?)""";

	private static final String DELETE = """
			DELETE FROM ${schema}.passkey_credentials WHERE id = ? AND user_id = ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String findByCredentialId;

	private final String listByUser;

	private final String existsForUser;

	private final String countForUser;

	private final String recordUse;

	private final String delete;

	public PasskeyCredentialStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.findByCredentialId = database.sql(FIND_BY_CREDENTIAL_ID);
		this.listByUser = database.sql(LIST_BY_USER);
		this.existsForUser = database.sql(EXISTS_FOR_USER);
		this.countForUser = database.sql(COUNT_FOR_USER);
		this.recordUse = database.sql(RECORD_USE);
		this.delete = database.sql(DELETE);
	}

	/**
	 * Stores a new passkey.
	 * @return false when a passkey with this credential id exists already (nothing is stored)
	 */
	public boolean insert(StoredPasskey passkey) {
		return this.database.jdbc()
			.sql(this.insert)
			.params(passkey.id(), passkey.userId(), passkey.credentialId(), passkey.attestedCredentialData(),
					passkey.signCount(), String.join(",", passkey.transports()), passkey.uvInitialized(),
					passkey.backupEligible(), passkey.backedUp(), passkey.name(),
					AuthDatabase.timestamp(passkey.createdAt()))
			.update() == 1;
	}

	/** The passkey with this credential id. */
	public Optional<StoredPasskey> findByCredentialId(byte[] credentialId) {
		return this.database.jdbc()
			.sql(this.findByCredentialId)
			.param(credentialId)
			.query(PasskeyCredentialStore::map)
			.optional();
	}

	/** A user's passkeys, oldest first. */
	public List<StoredPasskey> listByUser(UUID userId) {
		return this.database.jdbc().sql(this.listByUser).param(userId).query(PasskeyCredentialStore::map).list();
	}

	/** Whether the user has at least one passkey. */
	public boolean existsForUser(UUID userId) {
		return Boolean.TRUE
			.equals(this.database.jdbc().sql(this.existsForUser).param(userId).query(Boolean.class).single());
	}

	/** How many passkeys the user has. */
	public int countForUser(UUID userId) {
		return this.database.jdbc().sql(this.countForUser).param(userId).query(Integer.class).single();
	}

	/**
	 * Records a successful use: moves the counter forward (or keeps it at 0 for an authenticator without one).
	 * @return false when the counter did not grow past the stored one (a concurrent use or a cloned
	 * authenticator): nothing is updated
	 */
	public boolean recordUse(UUID passkeyId, long signCount, Instant now) {
		return this.database.jdbc()
			.sql(this.recordUse)
			.params(signCount, AuthDatabase.timestamp(now), passkeyId, signCount, signCount)
			.update() == 1;
	}

	/** Deletes a user's passkey; returns whether it was theirs and existed. */
	public boolean delete(UUID userId, UUID passkeyId) {
		return this.database.jdbc().sql(this.delete).params(passkeyId, userId).update() == 1;
	}

	private static StoredPasskey map(ResultSet rs, int row) throws SQLException {
		String transports = rs.getString("transports");
		List<String> list = (transports == null || transports.isEmpty()) ? List.of()
				: Arrays.asList(transports.split(","));
		return new StoredPasskey(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getBytes("credential_id"), rs.getBytes("attested_credential_data"), rs.getLong("sign_count"), list,
				rs.getBoolean("uv_initialized"), rs.getBoolean("backup_eligible"), rs.getBoolean("backed_up"),
				rs.getString("name"), Objects.requireNonNull(AuthDatabase.instant(rs, "created_at")),
				AuthDatabase.instant(rs, "last_used_at"));
	}

}
