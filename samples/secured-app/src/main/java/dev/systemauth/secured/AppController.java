package dev.systemauth.secured;

import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.api.CurrentAuth;
import dev.systemauth.core.tenant.AuthContext;

/**
 * The host's workspace routes under {@code /app/**} ({@code auth.web.protected-paths}): the starter's access
 * token and {@code x-workspace-id} let a caller in, and the member's role decides the rest.
 */
@RestController
@RequestMapping("/app")
class AppController {

	/** Who is calling, read both ways: Spring Security's principal and the starter's {@code @CurrentAuth}. */
	@GetMapping("/me")
	Map<String, Object> me(@AuthenticationPrincipal AuthContext principal, @CurrentAuth AuthContext current,
			Authentication authentication) {
		List<String> authorities = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
		return Map.of("principal", principal, "current", current, "name", authentication.getName(), "authorities",
				authorities);
	}

	/** Any member of the workspace. */
	@GetMapping("/projects")
	Map<String, Object> projects(@CurrentAuth AuthContext auth) {
		return Map.of("workspaceId", auth.workspaceId(), "projects", List.of());
	}

	/** Owners only. */
	@PostMapping("/billing")
	@PreAuthorize("hasRole('OWNER')")
	Map<String, Object> billing(@AuthenticationPrincipal AuthContext auth) {
		return Map.of("workspaceId", auth.workspaceId(), "updatedBy", auth.userId());
	}

}
