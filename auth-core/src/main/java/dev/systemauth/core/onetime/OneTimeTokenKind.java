package dev.systemauth.core.onetime;

/**
 * The three kinds of single-use token, each in its own table.
 */
public enum OneTimeTokenKind {

	/** Email verification, by code or by link. */
	EMAIL_VERIFICATION("email_verification_tokens"),
	/** Password reset link. */
	PASSWORD_RESET("password_reset_tokens"),
	/** Magic sign-in link. */
	MAGIC_LINK("magic_link_tokens");

	private final String table;

	OneTimeTokenKind(String table) {
		this.table = table;
	}

	String table() {
		return this.table;
	}

}
