package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * {@code POST {base}/invitations/accept}, over {@link InvitationAcceptanceFlow}: needs the bearer access token
 * of a live session, in any workspace (no workspace header). Present while {@code auth.workspaces.http-api} is
 * true (the default) and the classic flows are on.
 */
@RestController
@AuthEndpoint
public class InvitationAcceptController {

	private final InvitationAcceptanceFlow flow;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public InvitationAcceptController(InvitationAcceptanceFlow flow, WorkspaceAccessChecker access,
			ClientInfoResolver clients) {
		this.flow = flow;
		this.access = access;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/invitations/accept", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> accept(@RequestBody AuthBody body, HttpServletRequest request) {
		String token = RequestBodies.text(RequestBodies.object(body.json()), "token");
		AccessTokenClaims caller = this.access.authenticateSession(request);
		return AuthResponses.noStore(HttpStatus.OK, TokenResponse.of(this.flow.accept(caller.userId(),
				caller.sessionId(), (token != null) ? token : "", this.clients.resolve(request))));
	}

}
