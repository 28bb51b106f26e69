package dev.systemauth.core.flow;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.TokenPair;

/**
 * How a sign-in ended: with a session's tokens, or, for a user with a second factor, with the challenge that
 * {@code POST /auth/mfa/verify} completes, or, when the workspace requires a second factor the user has none
 * of, with the enrolment token that {@code POST /auth/mfa/totp/confirm} completes. Exactly one is present.
 */
public final class SignInResult {

	private final @Nullable TokenPair tokens;

	private final @Nullable MfaChallenge challenge;

	// mfa policy: begin
	private final @Nullable MfaEnrolment enrolment;
	// mfa policy: end

	private SignInResult(@Nullable TokenPair tokens, @Nullable MfaChallenge challenge) {
		this(tokens, challenge, null);
	}

	private SignInResult(@Nullable TokenPair tokens, @Nullable MfaChallenge challenge,
			@Nullable MfaEnrolment enrolment) {
		this.tokens = tokens;
		this.challenge = challenge;
		this.enrolment = enrolment;
	}

	/** A sign-in that started a session. */
	public static SignInResult of(TokenPair tokens) {
		return new SignInResult(Objects.requireNonNull(tokens, "tokens must not be null"), null);
	}

	/** A sign-in that awaits its second factor. */
	public static SignInResult challenge(MfaChallenge challenge) {
		return new SignInResult(null, Objects.requireNonNull(challenge, "challenge must not be null"));
	}

	/** The tokens, or {@code null} when a second factor is required. */
	public @Nullable TokenPair tokens() {
		return this.tokens;
	}

	/** The challenge, or {@code null} when a session started. */
	public @Nullable MfaChallenge challenge() {
		return this.challenge;
	}

	// mfa policy: begin
	/** A sign-in into a workspace that requires a second factor the user has not enrolled. */
	public static SignInResult enrolment(MfaEnrolment enrolment) {
		return new SignInResult(null, null, Objects.requireNonNull(enrolment, "enrolment must not be null"));
	}

	/** The enrolment token, or {@code null} unless the workspace requires a second factor the user lacks. */
	public @Nullable MfaEnrolment enrolment() {
		return this.enrolment;
	}
	// mfa policy: end

	/**
	 * The tokens, for a caller that cannot pass a challenge on (a server-side caller).
	 * @throws AuthException {@link AuthErrorCode#ACCESS_DENIED} when a second factor is required
	 */
	public TokenPair requireTokens() {
		if (this.tokens == null) {
			throw new AuthException(AuthErrorCode.ACCESS_DENIED, "A second factor is required.");
		}
		return this.tokens;
	}

	@Override
	public String toString() {
		if (this.enrolment != null) {
			return "SignInResult[mfaEnrolmentRequired]";
		}
		return (this.tokens != null) ? "SignInResult[session]" : "SignInResult[mfaRequired]";
	}

	/**
	 * The answer of a sign-in that needs a second factor.
	 *
	 * @param mfaToken the single-use token for {@code /auth/mfa/verify} (only its hash is stored)
	 * @param expiresIn seconds until it expires
	 * @param methods the second factors it accepts
	 */
	public record MfaChallenge(String mfaToken, long expiresIn, List<String> methods) {

		/** The methods of a TOTP second factor. */
		public static final List<String> TOTP_METHODS = List.of("totp", "recovery_code");

		public MfaChallenge {
			methods = List.copyOf(methods);
		}

		@Override
		public String toString() {
			return "MfaChallenge[expiresIn=" + this.expiresIn + "]";
		}

	}

	// mfa policy: begin
	/**
	 * The answer of a sign-in into a workspace that requires a second factor the user has none of.
	 *
	 * @param enrolmentToken the single-use token for {@code /auth/mfa/totp/enroll} and {@code /confirm} (only
	 * its hash is stored)
	 * @param expiresIn seconds until it expires
	 */
	public record MfaEnrolment(String enrolmentToken, long expiresIn) {

		@Override
		public String toString() {
			return "MfaEnrolment[expiresIn=" + this.expiresIn + "]";
		}

	}
	// mfa policy: end

}
