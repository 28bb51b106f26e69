package dev.systemauth.core.token;

import java.util.Objects;
import java.util.UUID;

/**
 * A freshly issued access token and refresh token.
 *
 * @param accessToken the access JWT
 * @param refreshToken the opaque refresh token
 * @param expiresIn seconds until the access token expires
 * @param userId the user
 * @param workspaceId the workspace both tokens are bound to
 * @param sessionId the session both tokens belong to (the access token's {@code sid})
 */
public record TokenPair(String accessToken, String refreshToken, long expiresIn, UUID userId, UUID workspaceId,
		UUID sessionId) {

	public TokenPair {
		Objects.requireNonNull(accessToken, "accessToken must not be null");
		Objects.requireNonNull(refreshToken, "refreshToken must not be null");
		Objects.requireNonNull(userId, "userId must not be null");
		Objects.requireNonNull(workspaceId, "workspaceId must not be null");
		Objects.requireNonNull(sessionId, "sessionId must not be null");
	}

	@Override
	public String toString() {
		return "TokenPair[userId=" + this.userId + ", workspaceId=" + this.workspaceId + ", sessionId=" + this.sessionId + "]";
	}

}
