package dev.systemauth.core.invitation;

import java.time.Instant;
import java.util.UUID;

import dev.systemauth.core.tenant.MembershipRole;

/**
 * An invitation into a workspace (never its token: only the token's hash is stored).
 *
 * @param id the invitation id
 * @param workspaceId the workspace the invitee joins
 * @param email the invited, normalized email address
 * @param role the role the invitee gets
 * @param createdAt when it was created
 * @param expiresAt when it stops working
 */
public record Invitation(UUID id, UUID workspaceId, String email, MembershipRole role, Instant createdAt,
		Instant expiresAt) {

}
