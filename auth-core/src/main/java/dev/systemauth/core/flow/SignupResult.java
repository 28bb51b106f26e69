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
 */
public record SignupResult(UUID userId, UUID workspaceId, boolean emailVerificationRequired,
		@Nullable TokenPair tokens) {
}
