package dev.systemauth.autoconfigure.web;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.TransactionException;
import org.springframework.util.Assert;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.AccessDecision;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenClaims;
import dev.systemauth.core.token.AccessTokenService;

/**
 * The check of a protected request, in the contract's order: a valid access token (401
 * {@code invalid_token}); one {@code x-workspace-id} header holding a UUID (400 {@code workspace_required});
 * equal to the token's {@code workspace_id} (403 {@code workspace_mismatch}); an active membership of an
 * active user in that workspace, checked now (403 {@code membership_inactive}); and the token's session
 * ({@code sid}) not ended (401 {@code invalid_token}). The token check does no I/O; the membership and session
 * check is served by the membership cache in steady state, or else one indexed query, and when it cannot be
 * made the request fails closed.
 */
public final class WorkspaceAccessChecker {

	/** The header that names the workspace of a protected request. */
	public static final String WORKSPACE_HEADER = "x-workspace-id";

	/** Request attribute under which the checked {@link AuthContext} is kept. */
	public static final String CONTEXT_ATTRIBUTE = AuthContext.class.getName();

	private final AccessTokenService accessTokens;

	private final WorkspaceService workspaces;

	private final AuditLog auditLog;

	private final ClientInfoResolver clients;

	private final AccessCheckListener listener;

	public WorkspaceAccessChecker(AccessTokenService accessTokens, WorkspaceService workspaces, AuditLog auditLog,
			ClientInfoResolver clients) {
		this(accessTokens, workspaces, auditLog, clients, AccessCheckListener.NONE);
	}

	/**
	 * A checker that tells a listener the outcome and duration of every {@link #check}.
	 * @param accessTokens verifies the access token
	 * @param workspaces checks membership and session
	 * @param auditLog records denials
	 * @param clients resolves the caller's address for the audit log
	 * @param listener told of every check
	 */
	public WorkspaceAccessChecker(AccessTokenService accessTokens, WorkspaceService workspaces, AuditLog auditLog,
			ClientInfoResolver clients, AccessCheckListener listener) {
		Assert.notNull(listener, "listener must not be null");
		this.accessTokens = accessTokens;
		this.workspaces = workspaces;
		this.auditLog = auditLog;
		this.clients = clients;
		this.listener = listener;
	}

	/**
	 * Checks a protected request, and tells the {@link AccessCheckListener} how it went.
	 * @param request the request
	 * @return who is calling
	 * @throws AuthException with the contract's code when the request is refused
	 */
	public AuthContext check(HttpServletRequest request) {
		long start = System.nanoTime();
		String outcome = AccessCheckListener.ERROR;
		try {
			AuthContext context = checkRequest(request);
			outcome = AccessCheckListener.GRANTED;
			return context;
		}
		catch (AuthException ex) {
			outcome = ex.getErrorCode().code();
			throw ex;
		}
		catch (DataAccessException | TransactionException ex) {
			// AccessFailures answers these 503, failing closed
			outcome = AuthErrorCode.SERVICE_UNAVAILABLE.code();
			throw ex;
		}
		finally {
			this.listener.accessChecked(outcome, System.nanoTime() - start);
		}
	}

	private AuthContext checkRequest(HttpServletRequest request) {
		AccessTokenClaims claims = authenticate(request);
		UUID workspaceId = workspaceHeader(request);
		if (!workspaceId.equals(claims.workspaceId())) {
			deny(request, claims, workspaceId, "workspace_mismatch");
			throw new AuthException(AuthErrorCode.WORKSPACE_MISMATCH,
					"The x-workspace-id header does not match the token's workspace.");
		}
		AccessDecision decision = this.workspaces.access(claims.sessionId(), workspaceId, claims.userId());
		Optional<MembershipRole> role = decision.role();
		if (role.isEmpty()) {
			deny(request, claims, workspaceId, "membership_inactive");
			throw new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
					"You have no active membership in this workspace.");
		}
		if (!decision.sessionLive()) {
			throw sessionEnded();
		}
		AuthContext context = new AuthContext(claims.userId(), workspaceId, role.get().value());
		request.setAttribute(CONTEXT_ATTRIBUTE, context);
		return context;
	}

	/**
	 * Checks only the access token of a request.
	 * @param request the request
	 * @return the token's claims
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when there is no single valid bearer token
	 */
	public AccessTokenClaims authenticate(HttpServletRequest request) {
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (headers.size() != 1) {
			throw invalidToken();
		}
		String header = headers.get(0);
		if (header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
			throw invalidToken();
		}
		return this.accessTokens.verify(header.substring(7).strip());
	}

	/**
	 * Checks the access token of a request and that its session is live, for routes that need a signed-in
	 * caller but no workspace (the sessions routes, the workspace switch).
	 * @param request the request
	 * @return the token's claims
	 * @throws AuthException {@link AuthErrorCode#INVALID_TOKEN} when there is no single valid bearer token of
	 * a live session
	 */
	public AccessTokenClaims authenticateSession(HttpServletRequest request) {
		AccessTokenClaims claims = authenticate(request);
		if (!this.workspaces.isSessionLive(claims.sessionId(), claims.userId())) {
			throw sessionEnded();
		}
		return claims;
	}

	private static UUID workspaceHeader(HttpServletRequest request) {
		List<String> headers = Collections.list(request.getHeaders(WORKSPACE_HEADER));
		if (headers.size() != 1) {
			throw workspaceRequired();
		}
		return parseWorkspaceId(headers.get(0));
	}

	/** Parses a workspace id strictly: the canonical 36-character UUID form only. */
	static UUID parseWorkspaceId(@Nullable String value) {
		UUID id = (value != null) ? canonicalUuid(value.strip()) : null;
		if (id == null) {
			throw workspaceRequired();
		}
		return id;
	}

	/** A UUID in its canonical 36-character form (either case), or {@code null} for anything else. */
	static @Nullable UUID canonicalUuid(String value) {
		if (value.length() != 36) {
			return null;
		}
		try {
			UUID id = UUID.fromString(value);
			return id.toString().equalsIgnoreCase(value) ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void deny(HttpServletRequest request, AccessTokenClaims claims, UUID workspaceId, String reason) {
		this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.ACCESS_DENIED, AuditEvent.Outcome.DENIED, workspaceId,
				claims.userId(), this.clients.resolve(request),
				Map.of("reason", reason, "method", request.getMethod(), "tokenWorkspaceId",
						claims.workspaceId().toString())));
	}

	static AuthException validation(String field, String message) {
		return new AuthException(AuthErrorCode.VALIDATION_FAILED, message, Map.of("field", field));
	}

	private static AuthException invalidToken() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "A valid bearer access token is required.");
	}

	private static AuthException sessionEnded() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The session of this access token has ended.");
	}

	private static AuthException workspaceRequired() {
		return new AuthException(AuthErrorCode.WORKSPACE_REQUIRED,
				"A single x-workspace-id header holding a workspace id (UUID) is required.");
	}

}
