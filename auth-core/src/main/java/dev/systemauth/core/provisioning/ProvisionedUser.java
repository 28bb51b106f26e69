package dev.systemauth.core.provisioning;

import java.util.UUID;

/**
 * The outcome of trusted provisioning.
 *
 * @param userId the user
 * @param workspaceId the workspace, owned by the user
 * @param created whether this call created them (false: they already existed, identical)
 */
public record ProvisionedUser(UUID userId, UUID workspaceId, boolean created) {
}
