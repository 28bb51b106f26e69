package dev.systemauth.core.tenant;

import java.util.UUID;

/**
 * A user's membership in a workspace.
 *
 * @param workspaceId the workspace
 * @param userId the user
 * @param role the role
 * @param status the status
 * @param workspaceName the workspace's name
 * @param workspaceSlug the workspace's slug
 */
public record Membership(UUID workspaceId, UUID userId, MembershipRole role, MembershipStatus status,
		String workspaceName, String workspaceSlug) {

	public boolean isActive() {
		return this.status == MembershipStatus.ACTIVE;
	}

}
