package dev.systemauth.core.tenant;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.jdbc.SqlFragments;
import dev.systemauth.core.session.SessionStore;

/**
 * The per-request check behind {@link WorkspaceService#access} and its siblings: the caller's role and
 * session, from the {@link MembershipCache} when it can answer, else in one indexed query. Reads only.
 */
final class WorkspaceAccess {

	private static final String ACTIVE_ROLE = "SELECT m.role " + SqlFragments.ACTIVE_MEMBER
			+ " AND m.workspace_id = ? AND m.user_id = ?";

	/**
	 * The check of a protected request when the cache cannot answer: the role (null unless both the membership
	 * and the user are active) and whether the token's session is live, in one round trip.
	 */
	private static final String ACCESS = "SELECT (SELECT m.role " + SqlFragments.ACTIVE_MEMBER
			+ " AND m.workspace_id = ? AND m.user_id = ?) AS role,\n" + """
			EXISTS (SELECT 1 FROM ${schema}.sessions s WHERE s.id = ? AND s.user_id = ? AND s.revoked_at IS NULL) AS live""";

	private final AuthDatabase database;

	private final SessionStore sessions;

	private final @Nullable MembershipCache cache;

	private final String activeRole;

	private final String access;

	WorkspaceAccess(AuthDatabase database, SessionStore sessions, @Nullable MembershipCache cache) {
		this.database = database;
		this.sessions = sessions;
		this.cache = cache;
		this.activeRole = database.sql(ACTIVE_ROLE);
		this.access = database.sql(ACCESS);
	}

	/**
	 * The role of a user in a workspace, when both the membership and the user are active right now.
	 * One indexed query, or none when a {@link MembershipCache} serves it; this is the check made on every
	 * protected request.
	 */
	Optional<MembershipRole> activeRole(UUID workspaceId, UUID userId) {
		if (this.cache != null) {
			return this.cache.activeRole(workspaceId, userId, () -> loadActiveRole(workspaceId, userId));
		}
		return loadActiveRole(workspaceId, userId);
	}

	/**
	 * The check of a protected request: the caller's role in the workspace, and whether the access token's
	 * session is live. With a serving {@link MembershipCache} it costs no round trip in steady state; otherwise
	 * one indexed query answers both.
	 * @param sessionId the token's {@code sid}
	 * @param workspaceId the workspace
	 * @param userId the user
	 * @return the decision
	 */
	AccessDecision access(UUID sessionId, UUID workspaceId, UUID userId) {
		if (this.cache == null) {
			return loadAccess(sessionId, workspaceId, userId);
		}
		MembershipCache.SessionState state = this.cache.sessionState(sessionId);
		boolean[] liveInDatabase = { state == MembershipCache.SessionState.LIVE };
		boolean[] loaded = { false };
		Optional<MembershipRole> role = this.cache.activeRole(workspaceId, userId, () -> {
			AccessDecision decision = loadAccess(sessionId, workspaceId, userId);
			loaded[0] = true;
			liveInDatabase[0] = decision.sessionLive();
			return decision.role();
		});
		if (state == MembershipCache.SessionState.UNKNOWN && !loaded[0]) {
			// the membership came from memory, the session did not: one query answers it
			liveInDatabase[0] = this.sessions.isLive(sessionId, userId);
		}
		if (state == MembershipCache.SessionState.LIVE) {
			return new AccessDecision(role, liveInDatabase[0]);
		}
		if (state == MembershipCache.SessionState.UNKNOWN && liveInDatabase[0]
				&& this.cache.sessionState(sessionId) != MembershipCache.SessionState.ENDED) {
			this.cache.sessionSeenLive(sessionId);
			return new AccessDecision(role, true);
		}
		return new AccessDecision(role, false);
	}

	/**
	 * Whether an access token's session is live, for the routes that need a session but no workspace.
	 * @param sessionId the token's {@code sid}
	 * @param userId the user
	 * @return true when the session has not ended
	 */
	boolean isSessionLive(UUID sessionId, UUID userId) {
		if (this.cache == null) {
			return this.sessions.isLive(sessionId, userId);
		}
		MembershipCache.SessionState state = this.cache.sessionState(sessionId);
		if (state != MembershipCache.SessionState.UNKNOWN) {
			return state == MembershipCache.SessionState.LIVE;
		}
		boolean live = this.sessions.isLive(sessionId, userId);
		if (live && this.cache.sessionState(sessionId) != MembershipCache.SessionState.ENDED) {
			this.cache.sessionSeenLive(sessionId);
			return true;
		}
		return false;
	}

	private AccessDecision loadAccess(UUID sessionId, UUID workspaceId, UUID userId) {
		return this.database.jdbc()
			.sql(this.access)
			.params(workspaceId, userId, sessionId, userId)
			.query((rs, n) -> new AccessDecision(Optional.ofNullable(rs.getString("role")).map(MembershipRole::of),
					rs.getBoolean("live")))
			.single();
	}

	private Optional<MembershipRole> loadActiveRole(UUID workspaceId, UUID userId) {
		return this.database.jdbc()
			.sql(this.activeRole)
			.params(workspaceId, userId)
			.query((rs, n) -> MembershipRole.of(rs.getString("role")))
			.optional();
	}

}
