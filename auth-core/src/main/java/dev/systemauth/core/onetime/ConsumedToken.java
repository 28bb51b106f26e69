package dev.systemauth.core.onetime;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A single-use token that was just consumed.
 *
 * @param id the row id
 * @param userId the user it was issued to
 * @param workspaceId the workspace it names, if any
 */
public record ConsumedToken(UUID id, UUID userId, @Nullable UUID workspaceId) {
}
