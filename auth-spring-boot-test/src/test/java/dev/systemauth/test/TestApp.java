package dev.systemauth.test;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.api.CurrentAuth;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenService;

import static org.mockito.Mockito.mock;

/** A host's handlers, shaped like samples/secured-app, and a workspace check whose services are mocks. */
final class TestApp {

	private TestApp() {
	}

	/**
	 * A workspace check whose token and membership services are mocks: a test that uses them would talk to
	 * the database in a real application, so {@code verifyNoInteractions} on them proves no SQL ran.
	 */
	record Services(AccessTokenService accessTokens, WorkspaceService workspaces, AuditLog auditLog,
			WorkspaceAccessChecker checker) {

		static Services mocks() {
			AccessTokenService accessTokens = mock(AccessTokenService.class);
			WorkspaceService workspaces = mock(WorkspaceService.class);
			AuditLog auditLog = mock(AuditLog.class);
			return new Services(accessTokens, workspaces, auditLog,
					new WorkspaceAccessChecker(accessTokens, workspaces, auditLog, new ClientInfoResolver(List.of())));
		}

	}

	@RestController
	@RequestMapping("/app")
	static class AppController {

		@GetMapping("/current")
		String current(@CurrentAuth AuthContext auth) {
			return describe(auth);
		}

		@GetMapping("/principal")
		String principal(@AuthenticationPrincipal AuthContext principal, @CurrentAuth AuthContext current) {
			return describe(principal) + "|" + describe(current);
		}

		@GetMapping("/admin")
		@PreAuthorize("hasRole('ADMIN')")
		String admin(@CurrentAuth AuthContext auth) {
			return describe(auth);
		}

		private static String describe(AuthContext auth) {
			return auth.userId() + " " + auth.workspaceId() + " " + auth.role();
		}

	}

	@RestController
	static class PlainController {

		@GetMapping("/app/current")
		String current(@CurrentAuth AuthContext auth) {
			return auth.userId() + " " + auth.workspaceId() + " " + auth.role();
		}

	}

}
