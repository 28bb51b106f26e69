package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the classic email/password flows (mapped from {@code auth.classic.*} by the
 * autoconfiguration, or built by hand without Spring Boot).
 *
 * @param requireEmailVerification whether login waits for a verified email
 * @param verificationMode how the email is verified
 * @param verificationCodeLength digits in a verification code
 * @param verificationTtl lifetime of a verification code or link
 * @param maxCodeAttempts wrong attempts a code allows before it is dead
 * @param resetPasswordTtl lifetime of a password reset link
 * @param magicLinkTtl lifetime of a magic link
 */
public record ClassicSettings(boolean requireEmailVerification, VerificationMode verificationMode,
		int verificationCodeLength, Duration verificationTtl, int maxCodeAttempts, Duration resetPasswordTtl,
		Duration magicLinkTtl) {

	public ClassicSettings {
		Objects.requireNonNull(verificationMode, "verificationMode must not be null");
		if (verificationCodeLength < 4 || verificationCodeLength > 12) {
			throw new IllegalArgumentException("verificationCodeLength must be between 4 and 12");
		}
		if (maxCodeAttempts < 1) {
			throw new IllegalArgumentException("maxCodeAttempts must be at least 1");
		}
		requirePositive(verificationTtl, "verificationTtl");
		requirePositive(resetPasswordTtl, "resetPasswordTtl");
		requirePositive(magicLinkTtl, "magicLinkTtl");
	}

	/** The defaults of the original design. */
	public static ClassicSettings defaults() {
		return new ClassicSettings(true, VerificationMode.CODE, 6, Duration.ofMinutes(20), 5, Duration.ofMinutes(30),
				Duration.ofMinutes(15));
	}

	private static void requirePositive(Duration value, String name) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

	/** How an email address is verified. */
	public enum VerificationMode {

		/** A numeric code the user types in. */
		CODE,
		/** A link the user clicks. */
		CLICK

	}

}
