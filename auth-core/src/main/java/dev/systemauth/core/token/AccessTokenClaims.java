package dev.systemauth.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The verified claims of an access token.
 *
 * @param userId the {@code sub} and {@code user_id} claim
 * @param workspaceId the {@code workspace_id} claim
 * @param sessionId the {@code sid} claim: the session the token belongs to
 * @param tokenId the {@code jti} claim
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record AccessTokenClaims(UUID userId, UUID workspaceId, UUID sessionId, String tokenId, Instant issuedAt, Instant expiresAt) {

	public AccessTokenClaims {
		Objects.requireNonNull(userId, "userId must not be null");
		Objects.requireNonNull(workspaceId, "workspaceId must not be null");
		Objects.requireNonNull(sessionId, "sessionId must not be null");
		Objects.requireNonNull(tokenId, "tokenId must not be null");
		Objects.requireNonNull(issuedAt, "issuedAt must not be null");
		Objects.requireNonNull(expiresAt, "expiresAt must not be null");
	}

}
