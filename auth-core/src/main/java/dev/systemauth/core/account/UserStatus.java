package dev.systemauth.core.account;

import java.util.Locale;

/**
 * The state of a user account, as stored in {@code users.status}. Only {@link #ACTIVE} may sign in; leaving
 * it ends every session of the user (a database trigger).
 */
public enum UserStatus {

	/** The account may sign in. */
	ACTIVE,
	/** The account is blocked until reactivated. */
	SUSPENDED,
	/** The account is closed; the row is kept for the audit trail. */
	DELETED;

	/** The stored value, for example {@code suspended}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The status of a stored value.
	 * @param value the value of {@code users.status}
	 * @return the status
	 * @throws IllegalArgumentException when the value is not a status
	 */
	public static UserStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
