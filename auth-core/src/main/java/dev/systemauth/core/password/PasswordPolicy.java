package dev.systemauth.core.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The one password policy shared by signup, reset and provisioning, after NIST SP 800-63B: a minimum
 * length, a maximum that bcrypt can honour (it reads only 72 bytes, so longer passwords are refused rather
 * than silently truncated), no composition rules, and a refusal of the most common passwords.
 */
public final class PasswordPolicy {

	/** bcrypt reads at most this many bytes of a password. */
	public static final int MAX_BYTES = 72;

	private static final String COMMON_PASSWORDS = "common-passwords.txt";

	private final int minLength;

	private final Set<String> commonPasswords;

	private PasswordPolicy(int minLength, Set<String> commonPasswords) {
		if (minLength < 1 || minLength > MAX_BYTES) {
			throw new IllegalArgumentException("minLength must be between 1 and " + MAX_BYTES + ", got " + minLength);
		}
		this.minLength = minLength;
		this.commonPasswords = Set.copyOf(commonPasswords);
	}

	/**
	 * A policy with the given minimum length and the common-password list shipped with the library.
	 * @param minLength the minimum length in characters (code points)
	 * @return the policy
	 */
	public static PasswordPolicy withMinLength(int minLength) {
		return new PasswordPolicy(minLength, loadCommonPasswords());
	}

	public int getMinLength() {
		return this.minLength;
	}

	/**
	 * Checks a password against the policy.
	 * @param password the candidate password
	 * @throws AuthException with {@link AuthErrorCode#WEAK_PASSWORD} when it is refused
	 */
	public void check(String password) {
		if (password == null || password.isEmpty()) {
			throw weak("Password is required.", "required");
		}
		if (password.codePointCount(0, password.length()) < this.minLength) {
			throw weak("Password must be at least " + this.minLength + " characters long.", "too_short");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw weak("Password must be at most " + MAX_BYTES + " bytes long.", "too_long");
		}
		if (password.indexOf('\0') >= 0) {
			throw weak("Password must not contain NUL characters.", "invalid_character");
		}
		if (this.commonPasswords.contains(password.toLowerCase(Locale.ROOT))) {
			throw weak("Password is too common; choose another.", "too_common");
		}
	}

	private static AuthException weak(String message, String reason) {
		return new AuthException(AuthErrorCode.WEAK_PASSWORD, message, java.util.Map.of("reason", reason));
	}

	private static Set<String> loadCommonPasswords() {
		Set<String> passwords = new HashSet<>(16_384);
		try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + COMMON_PASSWORDS);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isEmpty() && !line.startsWith("#")) {
					passwords.add(line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return passwords;
	}

}
