package dev.systemauth.core.password;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Hashes and verifies passwords. Callers never run it while they hold a database connection or an open
 * transaction: a hash takes tens of milliseconds by design.
 * <p>
 * {@link BoundedPasswordHasher} is the implementation: bcrypt by default, or a host's Spring Security
 * {@code PasswordEncoder}, in both cases on a bounded {@link PasswordHashingExecutor}. A host replaces the
 * whole hasher by defining its own bean.
 */
public interface PasswordHasher extends AutoCloseable {

	/** The lowest accepted bcrypt cost. */
	int MIN_COST = 10;

	/**
	 * Hashes a password.
	 * @param password the password
	 * @return the hash
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	String hash(String password);

	/**
	 * Whether a password matches a hash; {@code false} when either is missing.
	 * @param password the password
	 * @param hash the stored hash
	 * @return whether they match
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	boolean matches(@Nullable String password, @Nullable String hash);

	/**
	 * Spends one verification on a dummy hash, so that a login for an unknown email costs as much as one with
	 * a wrong password; always false.
	 * @param password the password
	 * @return {@code false}
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} when too many hashes wait already
	 */
	boolean verifyAgainstDummy(@Nullable String password);

	/** The executor on which the hasher runs, for monitoring. */
	PasswordHashingExecutor executor();

	/** Stops the workers once the accepted operations are done; idempotent. */
	@Override
	void close();

}
