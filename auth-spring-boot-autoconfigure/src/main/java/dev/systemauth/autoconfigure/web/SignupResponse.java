package dev.systemauth.autoconfigure.web;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.systemauth.core.flow.SignupResult;

/**
 * The answer of {@code POST /auth/signup}: the ids, whether verification is pending, and the token fields
 * when it is not. Its {@code toString} never shows the tokens.
 *
 * @param userId the new user
 * @param workspaceId the new workspace
 * @param emailVerificationRequired whether login waits for email verification
 * @param accessToken the access token, when no verification is pending
 * @param refreshToken the refresh token, when no verification is pending
 * @param tokenType {@code Bearer}, when tokens are present
 * @param expiresIn seconds until the access token expires, when tokens are present; until the enrolment token
 * expires, when that is present
 * @param mfaEnrolmentRequired {@code true} instead of tokens when the invited workspace requires a second factor
 * @param enrolmentToken the token for {@code /auth/mfa/totp/enroll} and {@code /confirm}, in that case
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignupResponse(UUID userId, UUID workspaceId, boolean emailVerificationRequired,
		@Nullable String accessToken, @Nullable String refreshToken, @Nullable String tokenType,
		@Nullable Long expiresIn, @Nullable Boolean mfaEnrolmentRequired, @Nullable String enrolmentToken) {

	static SignupResponse of(SignupResult result) {
		if (result.enrolment() != null) {
			return new SignupResponse(result.userId(), result.workspaceId(), result.emailVerificationRequired(), null,
					null, null, result.enrolment().expiresIn(), true, result.enrolment().enrolmentToken());
		}
		if (result.tokens() == null) {
			return new SignupResponse(result.userId(), result.workspaceId(), result.emailVerificationRequired(), null,
					null, null, null, null, null);
		}
		return new SignupResponse(result.userId(), result.workspaceId(), result.emailVerificationRequired(),
				result.tokens().accessToken(), result.tokens().refreshToken(), "Bearer", result.tokens().expiresIn(),
				null, null);
	}

	@Override
	public String toString() {
		return "SignupResponse[userId=" + this.userId + ", workspaceId=" + this.workspaceId + "]";
	}

}
