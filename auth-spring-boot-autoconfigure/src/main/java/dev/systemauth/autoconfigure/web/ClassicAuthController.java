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
	ResponseEntity<TokenResponse> login(@RequestBody AuthRequests.Login body,
			@RequestHeader(name = WorkspaceAccessChecker.WORKSPACE_HEADER, required = false) @Nullable String workspaceHeader,
			HttpServletRequest request) {
		AuthRequests.Login login = body;
		if (body.workspaceId() == null && workspaceHeader != null && !workspaceHeader.isBlank()) {
			login = new AuthRequests.Login(body.email(), body.password(),
					WorkspaceAccessChecker.parseWorkspaceId(workspaceHeader));
		}
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.provider.login(login, this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> refresh(@RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.provider.refresh(body, this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> logout(@RequestBody AuthRequests.Refresh body, HttpServletRequest request) {
		this.provider.logout(body, this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> verifyEmail(@RequestBody AuthRequests.VerifyEmail body, HttpServletRequest request) {
		this.provider.verifyEmail(body, this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedResponse> resendVerification(@RequestBody AuthRequests.ForgotPassword body,
			HttpServletRequest request) {
		this.provider.resendVerification(body, this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.ACCEPTED, AcceptedResponse.INSTANCE);
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/switch-workspace", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> switchWorkspace(@RequestBody SwitchWorkspaceRequest body,
			HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticate(request);
		if (body.workspaceId() == null) {
			throw WorkspaceAccessChecker.validation("workspaceId", "workspaceId is required.");
		}
		return AuthResponses.noStore(HttpStatus.OK, TokenResponse.of(
				this.provider.switchWorkspace(caller.userId(), body.workspaceId(), this.clients.resolve(request))));
	}

	/**
	 * Body of {@code POST /auth/switch-workspace}.
	 *
	 * @param workspaceId the workspace to switch to
	 */
	public record SwitchWorkspaceRequest(java.util.@Nullable UUID workspaceId) {
	}

}
