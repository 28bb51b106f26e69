package dev.systemauth.autoconfigure.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * {@code POST /auth/switch-workspace}, over {@link WorkspaceSwitchFlow}: needs the bearer access token of a
 * live session. Present only when {@code auth.classic.enabled} is true (the default).
 */
@RestController
@AuthEndpoint
public class WorkspaceSwitchController {

	private final WorkspaceSwitchFlow flow;

	private final ClientInfoResolver clients;

	private final WorkspaceAccessChecker access;

	public WorkspaceSwitchController(WorkspaceSwitchFlow flow, ClientInfoResolver clients,
			WorkspaceAccessChecker access) {
		this.flow = flow;
		this.clients = clients;
		this.access = access;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/switch-workspace", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> switchWorkspace(@RequestBody AuthBody body, HttpServletRequest request) {
		UUID workspaceId = RequestBodies.uuid(RequestBodies.object(body.json()), "workspaceId");
		AccessTokenClaims caller = this.access.authenticateSession(request);
		if (workspaceId == null) {
			throw WorkspaceAccessChecker.validation("workspaceId", "workspaceId is required.");
		}
		return AuthResponses.noStore(HttpStatus.OK, TokenResponse.of(this.flow.switchWorkspace(caller.userId(),
				caller.sessionId(), workspaceId, this.clients.resolve(request))));
	}

}
