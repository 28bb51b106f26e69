package dev.systemauth.autoconfigure.web;

import java.util.List;

import dev.systemauth.core.flow.SignInResult;
import dev.systemauth.core.token.TokenPair;

/**
 * The body of a sign-in route: the {@link TokenResponse}, or, when the user has a second factor, the
 * {@link MfaRequiredResponse} that {@code POST /auth/mfa/verify} completes, or, when the workspace requires a
 * second factor the user has none of, the {@link MfaEnrolmentRequiredResponse} that
 * {@code POST /auth/mfa/totp/confirm} completes.
 */
final class SignInResponses {

	private SignInResponses() {
	}

	static Object of(SignInResult result) {
		TokenPair tokens = result.tokens();
		if (tokens != null) {
			return TokenResponse.of(tokens);
		}
		SignInResult.MfaEnrolment enrolment = result.enrolment();
		if (enrolment != null) {
			return new MfaEnrolmentRequiredResponse(true, enrolment.enrolmentToken(), enrolment.expiresIn());
		}
		SignInResult.MfaChallenge challenge = result.challenge();
		return new MfaRequiredResponse(true, challenge.mfaToken(), challenge.expiresIn(), challenge.methods());
	}

	/**
	 * A sign-in awaiting its second factor.
	 *
	 * @param mfaRequired always {@code true}
	 * @param mfaToken the single-use token for {@code /auth/mfa/verify}
	 * @param expiresIn seconds until it expires
	 * @param methods {@code totp}, {@code recovery_code}
	 */
	public record MfaRequiredResponse(boolean mfaRequired, String mfaToken, long expiresIn, List<String> methods) {

		@Override
		public String toString() {
			return "MfaRequiredResponse[expiresIn=" + this.expiresIn + "]";
		}

	}

	/**
	 * A sign-in into a workspace that requires a second factor the user has none of.
	 *
	 * @param mfaEnrolmentRequired always {@code true}
	 * @param enrolmentToken the single-use token for {@code /auth/mfa/totp/enroll} and {@code /confirm}
	 * @param expiresIn seconds until it expires
	 */
	public record MfaEnrolmentRequiredResponse(boolean mfaEnrolmentRequired, String enrolmentToken, long expiresIn) {

		@Override
		public String toString() {
			return "MfaEnrolmentRequiredResponse[expiresIn=" + this.expiresIn + "]";
		}

	}

}
