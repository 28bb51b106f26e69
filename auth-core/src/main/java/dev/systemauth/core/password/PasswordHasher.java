package dev.systemauth.core.password;

import java.util.Objects;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt-format password hashing (spring-security-crypto). Callers never run it while they hold a
 * database connection or an open transaction: a hash takes tens of milliseconds by design.
 * <p>
 * {@link #verifyAgainstDummy(String)} spends the same time as a real verification, so that a login for an
 * unknown email costs as much as one with a wrong password.
 */
public final class PasswordHasher {

	/** The lowest accepted bcrypt cost. */
	public static final int MIN_COST = 10;

	private final PasswordEncoder encoder;

	private final String dummyHash;

	public PasswordHasher(int cost) {
		if (cost < 4 || cost > 31) {
			throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
		}
		this.encoder = new BCryptPasswordEncoder(cost);
		this.dummyHash = this.encoder.encode("dummy-password-for-timing-equalisation");
	}

	public String hash(String password) {
		Objects.requireNonNull(password, "password must not be null");
		return this.encoder.encode(password);
	}

	public boolean matches(String password, String hash) {
		if (password == null || hash == null) {
			return false;
		}
		return this.encoder.matches(password, hash);
	}

	/** Spends one verification on a dummy hash; always false. */
	public boolean verifyAgainstDummy(String password) {
		this.encoder.matches(password == null ? "" : password, this.dummyHash);
		return false;
	}

}
