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

import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.SignInFlow;

/**
 * {@code POST /auth/login}, {@code /auth/refresh} and {@code /auth/logout}, over {@link SignInFlow}. Present
 * only when {@code auth.classic.enabled} is true (the default).
 */
@RestController
@AuthEndpoint
public class SignInController {

	private final SignInFlow flow;

	private final ClientInfoResolver clients;

	public SignInController(SignInFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> login(@RequestBody AuthBody body,
			@RequestHeader(name = WorkspaceAccessChecker.WORKSPACE_HEADER, required = false) @Nullable String workspaceHeader,
			HttpServletRequest request) {
		AuthRequests.Login login = RequestBodies.login(body.json());
		if (login.workspaceId() == null && workspaceHeader != null && !workspaceHeader.isBlank()) {
			login = new AuthRequests.Login(login.email(), login.password(),
					WorkspaceAccessChecker.parseWorkspaceId(workspaceHeader));
		}
		return AuthResponses.noStore(HttpStatus.OK,
				SignInResponses.of(this.flow.loginOrChallenge(login, this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> refresh(@RequestBody AuthBody body, HttpServletRequest request) {
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.flow.refresh(RequestBodies.refresh(body.json()), this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> logout(@RequestBody AuthBody body, HttpServletRequest request) {
		this.flow.logout(RequestBodies.refresh(body.json()), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

}
