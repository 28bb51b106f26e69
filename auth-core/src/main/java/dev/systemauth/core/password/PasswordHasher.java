package dev.systemauth.core.password;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * bcrypt-format password hashing (spring-security-crypto). Callers never run it while they hold a
 * database connection or an open transaction: a hash takes tens of milliseconds by design.
 * <p>
 * Every hash and verification runs on the hasher's {@link PasswordHashingExecutor}, which bounds how many
 * run at once and how many wait; when too many wait, the call fails at once with
 * {@link AuthErrorCode#SERVER_BUSY}. Close the hasher to stop its workers.
 * <p>
 * {@link #verifyAgainstDummy(String)} spends the same time as a real verification, so that a login for an
 * unknown email costs as much as one with a wrong password.
 */
public final class PasswordHasher implements AutoCloseable {

	/** The lowest accepted bcrypt cost. */
	public static final int MIN_COST = 10;

	private final PasswordEncoder encoder;

	private final PasswordHashingExecutor executor;

	private final String dummyHash;

	/**
	 * A hasher with one worker per available processor and the default queue capacity.
	 * @param cost the bcrypt cost (log2 rounds), between 4 and 31
	 */
	public PasswordHasher(int cost) {
		this(cost, new PasswordHashingExecutor());
	}

	/**
	 * A hasher that runs on the given executor, and closes it when it is closed.
	 * @param cost the bcrypt cost (log2 rounds), between 4 and 31
	 * @param executor the executor on which every hash and verification runs
	 */
	public PasswordHasher(int cost, PasswordHashingExecutor executor) {
		Objects.requireNonNull(executor, "executor must not be null");
		if (cost < 4 || cost > 31) {
			executor.close();
			throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
		}
		this.encoder = new BCryptPasswordEncoder(cost);
		this.executor = executor;
		this.dummyHash = this.encoder.encode("dummy-password-for-timing-equalisation");
	}

	/**
	 * Hashes a password.
	 * @param password the password
	 * @return the bcrypt hash
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	public String hash(String password) {
		Objects.requireNonNull(password, "password must not be null");
		return this.executor.call(() -> this.encoder.encode(password));
	}

	/**
	 * Whether a password matches a hash; {@code false} when either is missing.
	 * @param password the password
	 * @param hash the stored bcrypt hash
	 * @return whether they match
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	public boolean matches(@Nullable String password, @Nullable String hash) {
		if (password == null || hash == null) {
			return false;
		}
		return this.executor.call(() -> this.encoder.matches(password, hash));
	}

	/**
	 * Spends one verification on a dummy hash; always false.
	 * @param password the password
	 * @return {@code false}
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	public boolean verifyAgainstDummy(@Nullable String password) {
		String presented = (password != null) ? password : "";
		this.executor.call(() -> this.encoder.matches(presented, this.dummyHash));
		return false;
	}

	/** The executor on which the hasher runs, for monitoring. */
	public PasswordHashingExecutor executor() {
		return this.executor;
	}

	/** Stops the workers once the accepted operations are done; idempotent. */
	@Override
	public void close() {
		this.executor.close();
	}

}
