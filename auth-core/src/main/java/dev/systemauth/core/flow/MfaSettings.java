package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the second factor, mapped from {@code auth.mfa.*} by the autoconfiguration.
 *
 * @param issuer the issuer shown by authenticator apps (the {@code otpauth://} label's prefix)
 * @param challengeTtl how long an {@code mfaToken} lives
 * @param maxFailedAttempts how many wrong codes an {@code mfaToken} allows before it is dead
 */
public record MfaSettings(String issuer, Duration challengeTtl, int maxFailedAttempts) {

	/** Five minutes, five wrong codes. */
	public static MfaSettings defaults(String issuer) {
		return new MfaSettings(issuer, Duration.ofMinutes(5), 5);
	}

	public MfaSettings {
		Objects.requireNonNull(issuer, "issuer must not be null");
		Objects.requireNonNull(challengeTtl, "challengeTtl must not be null");
		if (issuer.isBlank() || issuer.contains(":")) {
			throw new IllegalArgumentException("issuer must not be blank or contain ':'");
		}
		if (challengeTtl.isNegative() || challengeTtl.isZero()) {
			throw new IllegalArgumentException("challengeTtl must be positive");
		}
		if (maxFailedAttempts < 1) {
			throw new IllegalArgumentException("maxFailedAttempts must be at least 1");
		}
	}

}
