package dev.systemauth.core.tenant;

import java.util.Optional;

/**
 * The outcome of the per-request check of an access token's session and membership.
 *
 * @param role the caller's role, when both the membership and the user are active
 * @param sessionLive whether the token's session has not ended
 */
public record AccessDecision(Optional<MembershipRole> role, boolean sessionLive) {

	public AccessDecision {
		java.util.Objects.requireNonNull(role, "role must not be null");
	}

}
