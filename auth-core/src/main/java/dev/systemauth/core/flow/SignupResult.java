package dev.systemauth.core.flow;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.token.TokenPair;

/**
 * The outcome of a signup.
 *
 * @param userId the new user
 * @param workspaceId the new workspace, owned by the user
 * @param emailVerificationRequired whether login waits for email verification
 * @param tokens a session, when no verification is pending
 * @param enrolment instead of a session, the enrolment token of a workspace that requires a second factor
 * (an invitation signup)
 */
public record SignupResult(UUID userId, UUID workspaceId, boolean emailVerificationRequired,
		@Nullable TokenPair tokens, SignInResult.@Nullable MfaEnrolment enrolment) {

	/** A signup without an enrolment token. */
	public SignupResult(UUID userId, UUID workspaceId, boolean emailVerificationRequired, @Nullable TokenPair tokens) {
		this(userId, workspaceId, emailVerificationRequired, tokens, null);
	}

}
