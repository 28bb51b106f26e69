package dev.systemauth.core.password;

import org.jspecify.annotations.Nullable;

/**
 * What the password policy knows about the account a password is for, so that it can refuse passwords
 * built from it (NIST SP 800-63B-4 "context-specific words").
 *
 * @param email the account's email address, or {@code null} when it is not known
 */
public record PasswordContext(@Nullable String email) {

	private static final PasswordContext NONE = new PasswordContext(null);

	/** No account context: only the generic rules and the policy's own context words apply. */
	public static PasswordContext none() {
		return NONE;
	}

	/**
	 * The context of an account with the given email address.
	 * @param email the email address
	 * @return the context
	 */
	public static PasswordContext forEmail(String email) {
		if (email == null) {
			throw new IllegalArgumentException("email must not be null");
		}
		return new PasswordContext(email);
	}

}
