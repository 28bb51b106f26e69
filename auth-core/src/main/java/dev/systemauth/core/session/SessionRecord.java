package dev.systemauth.core.session;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of the {@code sessions} table.
 *
 * @param id the session id, the {@code sid} claim of its access tokens and the family of its refresh tokens
 * @param userId the user
 * @param workspaceId the workspace the session is bound to
 * @param parentId the session a workspace switch started this one from, if any
 * @param createdAt when the session started
 * @param lastUsedAt when it was last started or refreshed
 * @param expiresAt when it ends unless refreshed
 * @param ip the client IP at the last start or refresh
 * @param userAgent the client's user agent at the last start or refresh
 * @param revokedAt when it was ended, if it was
 */
public record SessionRecord(UUID id, UUID userId, UUID workspaceId, @Nullable UUID parentId, Instant createdAt,
		Instant lastUsedAt, Instant expiresAt, @Nullable String ip, @Nullable String userAgent,
		@Nullable Instant revokedAt) {

	/** Whether the session is neither ended nor expired at {@code now}. */
	public boolean isLive(Instant now) {
		return this.revokedAt == null && now.isBefore(this.expiresAt);
	}

}
