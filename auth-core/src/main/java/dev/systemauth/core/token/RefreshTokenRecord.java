package dev.systemauth.core.token;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A stored refresh token (never its value: only its hash is kept).
 *
 * @param id the row id
 * @param userId the user
 * @param workspaceId the workspace the session is bound to
 * @param familyId the session family: every rotation stays in it
 * @param replacedById the successor, once rotated
 * @param expiresAt when it expires
 * @param rotatedAt when it was rotated, if it was
 * @param revokedAt when it stopped working, if it did
 */
public record RefreshTokenRecord(UUID id, UUID userId, UUID workspaceId, UUID familyId,
		@Nullable UUID replacedById, Instant expiresAt, @Nullable Instant rotatedAt, @Nullable Instant revokedAt) {

	public boolean isActive(Instant now) {
		return this.revokedAt == null && now.isBefore(this.expiresAt);
	}

}
