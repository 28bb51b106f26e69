package dev.systemauth.core.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code mfa_totp} table: one encrypted TOTP secret per user, pending until confirmed. A code is spent by
 * {@link #useStep}, one conditional {@code UPDATE} that moves {@code last_used_step} forward only, so a
 * replayed code, or two concurrent requests with the same code, have exactly one winner.
 */
public final class TotpStore {

	private static final String UPSERT_PENDING = """
			INSERT INTO ${schema}.mfa_totp (user_id, secret_ciphertext, key_id, created_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext,
			    key_id = EXCLUDED.key_id, created_at = EXCLUDED.created_at, last_used_step = 0
			WHERE mfa_totp.confirmed_at IS NULL""";

	private static final String FIND = """
			SELECT secret_ciphertext, key_id, confirmed_at FROM ${schema}.mfa_totp WHERE user_id = ?""";

	private static final String IS_CONFIRMED = """
			SELECT EXISTS (SELECT 1 FROM ${schema}.mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL)""";

	private static final String USE_STEP = """
			UPDATE ${schema}.mfa_totp SET last_used_step = ?, confirmed_at = COALESCE(confirmed_at, ?)
			WHERE user_id = ? AND last_used_step < ?""";

	private static final String DELETE = """
			DELETE FROM ${schema}.mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL""";

	private final AuthDatabase database;

	private final String upsertPending;

	private final String find;

	private final String isConfirmed;

	private final String useStep;

	private final String delete;

	public TotpStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.upsertPending = database.sql(UPSERT_PENDING);
		this.find = database.sql(FIND);
		this.isConfirmed = database.sql(IS_CONFIRMED);
		this.useStep = database.sql(USE_STEP);
		this.delete = database.sql(DELETE);
	}

	/**
	 * Stores a pending secret, replacing a pending one; never a confirmed one.
	 * @return whether it was stored (false: the user has a confirmed secret)
	 */
	public boolean savePending(UUID userId, byte[] ciphertext, String keyId, Instant now) {
		return this.database.jdbc()
			.sql(this.upsertPending)
			.params(userId, ciphertext, keyId, AuthDatabase.timestamp(now))
			.update() == 1;
	}

	/** The user's secret, pending or confirmed. */
	public Optional<TotpSecret> find(UUID userId) {
		return this.database.jdbc()
			.sql(this.find)
			.param(userId)
			.query((rs, n) -> new TotpSecret(rs.getBytes("secret_ciphertext"), rs.getString("key_id"),
					AuthDatabase.instant(rs, "confirmed_at")))
			.optional();
	}

	/** Whether the user has a confirmed second factor. */
	public boolean isConfirmed(UUID userId) {
		return Boolean.TRUE.equals(this.database.jdbc().sql(this.isConfirmed).param(userId).query(Boolean.class)
			.single());
	}

	/**
	 * Spends the code of a step (confirming a pending secret): only when the step is later than the last one
	 * spent. Of concurrent calls with one step, one wins.
	 * @return whether this call spent it
	 */
	public boolean useStep(UUID userId, long step, Instant now) {
		return this.database.jdbc()
			.sql(this.useStep)
			.params(step, AuthDatabase.timestamp(now), userId, step)
			.update() == 1;
	}

	/** Deletes a confirmed secret; returns whether there was one. */
	public boolean deleteConfirmed(UUID userId) {
		return this.database.jdbc().sql(this.delete).param(userId).update() == 1;
	}

	/**
	 * A stored secret.
	 *
	 * @param ciphertext the sealed secret
	 * @param keyId the id of the key that sealed it
	 * @param confirmedAt when it was confirmed, or {@code null} while pending
	 */
	public record TotpSecret(byte[] ciphertext, String keyId, @Nullable Instant confirmedAt) {

		/** Whether it was confirmed. */
		public boolean confirmed() {
			return this.confirmedAt != null;
		}

	}

}
