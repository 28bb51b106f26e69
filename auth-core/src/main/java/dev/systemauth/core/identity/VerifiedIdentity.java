package dev.systemauth.core.identity;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A user as an identity provider asserts it, after the provider's answer was validated.
 *
 * @param provider the provider's id
 * @param subject the provider's stable id of the user ({@code sub}, GitHub's numeric id)
 * @param email the email the provider gives, if any
 * @param emailVerified whether the provider asserts that the user controls that email
 */
public record VerifiedIdentity(String provider, String subject, @Nullable String email, boolean emailVerified) {

	public VerifiedIdentity {
		Objects.requireNonNull(provider, "provider must not be null");
		Objects.requireNonNull(subject, "subject must not be null");
		if (subject.isBlank()) {
			throw new IllegalArgumentException("subject must not be blank");
		}
	}

	/** The email, when the provider asserts it is verified. */
	public @Nullable String verifiedEmail() {
		return (this.emailVerified && this.email != null && !this.email.isBlank()) ? this.email : null;
	}

	@Override
	public String toString() {
		return "VerifiedIdentity[provider=" + this.provider + ", emailVerified=" + this.emailVerified + "]";
	}

}
