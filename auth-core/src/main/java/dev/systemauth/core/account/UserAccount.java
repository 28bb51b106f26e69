package dev.systemauth.core.account;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A user account (the password hash stays inside the core).
 *
 * @param id the user id
 * @param email the normalised email
 * @param passwordHash the bcrypt hash, or {@code null} for an account without a password
 * @param emailVerifiedAt when the email was verified, if it was
 * @param status {@code active}, {@code suspended} or {@code deleted}
 */
public record UserAccount(UUID id, String email, @Nullable String passwordHash, @Nullable Instant emailVerifiedAt,
		String status) {

	public static final String ACTIVE = "active";

	public boolean isActive() {
		return ACTIVE.equals(this.status);
	}

	public boolean isEmailVerified() {
		return this.emailVerifiedAt != null;
	}

	@Override
	public String toString() {
		return "UserAccount[id=" + this.id + ", status=" + this.status + "]";
	}

}
