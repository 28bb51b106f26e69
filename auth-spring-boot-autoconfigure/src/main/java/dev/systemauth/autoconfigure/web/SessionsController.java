package dev.systemauth.autoconfigure.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.session.SessionRecord;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * The caller's sessions: list them, end one, end them all. Each route needs the bearer access token of a live
 * session and no workspace header.
 */
@RestController
@AuthEndpoint
public class SessionsController {

	private final SessionService sessions;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public SessionsController(SessionService sessions, WorkspaceAccessChecker access, ClientInfoResolver clients) {
		this.sessions = sessions;
		this.access = access;
		this.clients = clients;
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/sessions")
	ResponseEntity<SessionList> list(HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		List<SessionView> views = this.sessions.liveSessions(caller.userId())
			.stream()
			.map((session) -> SessionView.of(session, caller.sessionId()))
			.toList();
		return AuthResponses.noStore(HttpStatus.OK, new SessionList(views));
	}

	@DeleteMapping(path = "${auth.web.base-path:/auth}/sessions/{id}")
	ResponseEntity<Void> end(@PathVariable("id") String id, HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		UUID sessionId = WorkspaceAccessChecker.canonicalUuid(id);
		if (sessionId == null || !this.sessions.endOwned(caller.userId(), sessionId, this.clients.resolve(request))) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "No such session.");
		}
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/logout-all")
	ResponseEntity<Void> logoutAll(HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		this.sessions.endAll(caller.userId(), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	/**
	 * The body of {@code GET /auth/sessions}.
	 *
	 * @param sessions the caller's live sessions, most recently used first
	 */
	public record SessionList(List<SessionView> sessions) {
	}

	/**
	 * One live session, as its user sees it.
	 *
	 * @param id the session id (the {@code sid} of its access tokens)
	 * @param current whether the request was made with this session's access token
	 * @param workspaceId the workspace the session is bound to
	 * @param createdAt when it started
	 * @param lastUsedAt when it was last started or refreshed
	 * @param ipAddress the client IP at that time
	 * @param userAgent the client's user agent at that time
	 */
	public record SessionView(UUID id, boolean current, UUID workspaceId, Instant createdAt, Instant lastUsedAt,
			@Nullable String ipAddress, @Nullable String userAgent) {

		static SessionView of(SessionRecord session, UUID currentId) {
			return new SessionView(session.id(), session.id().equals(currentId), session.workspaceId(),
					session.createdAt(), session.lastUsedAt(), session.ip(), session.userAgent());
		}

	}

}
