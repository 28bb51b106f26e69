package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.provider.AuthRequests;
import dev.systemauth.core.provider.ClassicAuthProvider;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * The always-on classic routes: login, refresh, logout, email verification and workspace switch.
 * Present only when {@code auth.classic.enabled} is true (the default).
 */
@RestController
@AuthEndpoint
public class ClassicAuthController {

	private final ClassicAuthProvider provider;

	private final ClientInfoResolver clients;

	private final WorkspaceAccessChecker access;

	public ClassicAuthController(ClassicAuthProvider provider, ClientInfoResolver clients,
			WorkspaceAccessChecker access) {
		this.provider = provider;
		this.clients = clients;
		this.access = access;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> login(@RequestBody AuthBody body,
			@RequestHeader(name = WorkspaceAccessChecker.WORKSPACE_HEADER, required = false) @Nullable String workspaceHeader,
			HttpServletRequest request) {
		AuthRequests.Login login = RequestBodies.login(body.json());
		if (login.workspaceId() == null && workspaceHeader != null && !workspaceHeader.isBlank()) {
			login = new AuthRequests.Login(login.email(), login.password(),
					WorkspaceAccessChecker.parseWorkspaceId(workspaceHeader));
		}
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.provider.login(login, this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> refresh(@RequestBody AuthBody body, HttpServletRequest request) {
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.provider.refresh(RequestBodies.refresh(body.json()), this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> logout(@RequestBody AuthBody body, HttpServletRequest request) {
		this.provider.logout(RequestBodies.refresh(body.json()), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> verifyEmail(@RequestBody AuthBody body, HttpServletRequest request) {
		this.provider.verifyEmail(RequestBodies.verifyEmail(body.json()), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedResponse> resendVerification(@RequestBody AuthBody body,
			HttpServletRequest request) {
		this.provider.resendVerification(RequestBodies.email(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.ACCEPTED, AcceptedResponse.INSTANCE);
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/switch-workspace", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> switchWorkspace(@RequestBody AuthBody body,
			HttpServletRequest request) {
		java.util.UUID workspaceId = RequestBodies.uuid(RequestBodies.object(body.json()), "workspaceId");
		AccessTokenClaims caller = this.access.authenticateSession(request);
		if (workspaceId == null) {
			throw WorkspaceAccessChecker.validation("workspaceId", "workspaceId is required.");
		}
		return AuthResponses.noStore(HttpStatus.OK, TokenResponse.of(this.provider.switchWorkspace(caller.userId(),
				caller.sessionId(), workspaceId, this.clients.resolve(request))));
	}

}
