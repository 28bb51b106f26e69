package dev.systemauth.core.password;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The {@link PasswordHasher}: bcrypt-format hashing (spring-security-crypto) by default, or any
 * {@link PasswordEncoder} a host gives (the autoconfiguration passes the host's {@code PasswordEncoder} bean).
 * <p>
 * Every hash and verification runs on the hasher's {@link PasswordHashingExecutor}, which bounds how many
 * run at once and how many wait; when too many wait, the call fails at once with
 * {@link AuthErrorCode#SERVER_BUSY}. Close the hasher to stop its workers.
 * <p>
 * {@link #verifyAgainstDummy(String)} spends the same time as a real verification, so that a login for an
 * unknown email costs as much as one with a wrong password.
 */
public final class BoundedPasswordHasher implements PasswordHasher {

	private final PasswordEncoder encoder;

	private final PasswordHashingExecutor executor;

	private final String dummyHash;

	/**
	 * A hasher with one worker per available processor and the default queue capacity.
	 * @param cost the bcrypt cost (log2 rounds), between 4 and 31
	 */
	public BoundedPasswordHasher(int cost) {
		this(cost, new PasswordHashingExecutor());
	}

	/**
	 * A hasher that runs on the given executor, and closes it when it is closed.
	 * @param cost the bcrypt cost (log2 rounds), between 4 and 31
	 * @param executor the executor on which every hash and verification runs
	 */
	public BoundedPasswordHasher(int cost, PasswordHashingExecutor executor) {
		this(bcrypt(cost, executor), executor);
	}

	/**
	 * A hasher that hashes and verifies through the given encoder on the given executor, and closes the
	 * executor when it is closed. The dummy hash for {@link #verifyAgainstDummy} is made by the encoder, so
	 * that it costs what a real verification costs.
	 * @param encoder the encoder, for example a host's {@code DelegatingPasswordEncoder}
	 * @param executor the executor on which every hash and verification runs
	 */
	public BoundedPasswordHasher(PasswordEncoder encoder, PasswordHashingExecutor executor) {
		Objects.requireNonNull(executor, "executor must not be null");
		if (encoder == null) {
			executor.close();
			throw new IllegalArgumentException("encoder must not be null");
		}
		this.encoder = encoder;
		this.executor = executor;
		this.dummyHash = Objects.requireNonNull(this.encoder.encode("dummy-password-for-timing-equalisation"),
				"the encoder returned no hash");
	}

	private static PasswordEncoder bcrypt(int cost, PasswordHashingExecutor executor) {
		Objects.requireNonNull(executor, "executor must not be null");
		if (cost < 4 || cost > 31) {
			executor.close();
			throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
		}
		return new BCryptPasswordEncoder(cost);
	}

	/**
	 * Hashes a password.
	 * @param password the password
	 * @return the bcrypt hash
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	@Override
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
	@Override
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
	@Override
	public boolean verifyAgainstDummy(@Nullable String password) {
		String presented = (password != null) ? password : "";
		this.executor.call(() -> this.encoder.matches(presented, this.dummyHash));
		return false;
	}

	@Override
	public PasswordHashingExecutor executor() {
		return this.executor;
	}

	@Override
	public void close() {
		this.executor.close();
	}

}
