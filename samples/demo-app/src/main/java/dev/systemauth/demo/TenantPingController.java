package dev.systemauth.demo;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.api.CurrentAuth;
import dev.systemauth.api.RequireWorkspace;
import dev.systemauth.core.tenant.AuthContext;

/**
 * A protected endpoint like {@code /tenant/me} (token, workspace header, active membership) but not
 * {@code @Audited}: the benchmarks compare it with {@code /tenant/me} to separate the cost of the check from
 * the cost of an audit row per call.
 */
@RestController
@RequireWorkspace
public class TenantPingController {

	@GetMapping("/tenant/ping")
	Map<String, Object> ping(@CurrentAuth AuthContext auth) {
		return Map.of("ok", true, "auth", auth);
	}

}
