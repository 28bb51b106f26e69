package dev.systemauth.core.tenant;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling a protected handler: checked token, matching workspace header, active membership.
 *
 * @param userId the user
 * @param workspaceId the workspace of the request
 * @param role the member's role in it ({@code owner}, {@code admin} or {@code member})
 */
public record AuthContext(UUID userId, UUID workspaceId, String role) {

	public AuthContext {
		Objects.requireNonNull(userId, "userId must not be null");
		Objects.requireNonNull(workspaceId, "workspaceId must not be null");
		Objects.requireNonNull(role, "role must not be null");
	}

}
