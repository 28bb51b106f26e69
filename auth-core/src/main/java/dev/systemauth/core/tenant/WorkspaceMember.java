package dev.systemauth.core.tenant;

import java.util.UUID;

/**
 * A member of a workspace as its other members see them.
 *
 * @param userId the user
 * @param email the user's normalized email address
 * @param role the role in the workspace
 * @param status the membership's status ({@code active} or {@code suspended}; removed members are not listed)
 */
public record WorkspaceMember(UUID userId, String email, MembershipRole role, MembershipStatus status) {

	public boolean isActiveOwner() {
		return this.role == MembershipRole.OWNER && this.status == MembershipStatus.ACTIVE;
	}

}
