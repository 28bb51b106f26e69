package dev.systemauth.core.flow;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.TokenPair;

/**
 * Switching workspace ({@code POST /auth/switch-workspace}): a signed-in user starts a session in another
 * workspace they are an active member of, from the session they are signed in with, through
 * {@link SessionService#startFrom}. The new session ends when that one ends; that one goes on, so two tabs can
 * work in two workspaces.
 */
public final class WorkspaceSwitchFlow {

	private final AuthDatabase database;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final AuditLog auditLog;

	private final @Nullable MfaPolicy policy;

	public WorkspaceSwitchFlow(AuthDatabase database, WorkspaceService workspaces, SessionService sessions,
			AuditLog auditLog) {
		this(database, workspaces, sessions, auditLog, null);
	}

	/**
	 * @param policy the workspace MFA policy, or {@code null} when it is not enforced
	 */
	public WorkspaceSwitchFlow(AuthDatabase database, WorkspaceService workspaces, SessionService sessions,
			AuditLog auditLog, @Nullable MfaPolicy policy) {
		this.database = database;
		this.workspaces = workspaces;
		this.sessions = sessions;
		this.auditLog = auditLog;
		this.policy = policy;
	}

	/**
	 * Starts a session in another workspace of the caller.
	 * @param userId the authenticated user
	 * @param sessionId the session of the caller's access token ({@code sid})
	 * @param workspaceId the target workspace
	 * @param client who asked
	 * @return the new token pair
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when the caller's session has ended;
	 * {@link AuthErrorCode#MEMBERSHIP_INACTIVE} without an active membership in the target workspace;
	 * {@link AuthErrorCode#MFA_ENROLMENT_REQUIRED} when it requires a second factor the user has none of
	 */
	public TokenPair switchWorkspace(UUID userId, UUID sessionId, UUID workspaceId, ClientInfo client) {
		if (this.workspaces.activeRole(workspaceId, userId).isEmpty()) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.WORKSPACE_SWITCHED, AuditEvent.Outcome.DENIED,
					workspaceId, userId, client, Map.of("reason", "membership_inactive")));
			throw new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
					"You have no active membership in this workspace.");
		}
		try {
			return this.database.inTransaction(() -> {
				if (this.policy != null) {
					this.policy.requireSatisfied(userId, workspaceId);
				}
				TokenPair tokens = this.sessions.startFrom(sessionId, userId, workspaceId, client);
				this.auditLog.record(AuditEvent.of(AuditEventType.WORKSPACE_SWITCHED, AuditEvent.Outcome.SUCCESS,
						workspaceId, userId, client, Map.of("fromSessionId", sessionId.toString())));
				return tokens;
			});
		}
		catch (AuthException ex) {
			if (ex.getErrorCode() == AuthErrorCode.MFA_ENROLMENT_REQUIRED) {
				this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.WORKSPACE_SWITCHED,
						AuditEvent.Outcome.DENIED, workspaceId, userId, client, Map.of("reason", ex.getErrorCode().code())));
			}
			throw ex;
		}
	}

}
