package dev.systemauth.demo;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.api.Audited;
import dev.systemauth.api.CurrentAuth;
import dev.systemauth.api.RequireWorkspace;
import dev.systemauth.core.tenant.AuthContext;

/**
 * The original design's protected endpoint example: token, workspace header and active membership
 * required, every call audited.
 */
@RestController
@RequestMapping("/tenant")
@RequireWorkspace
@Audited
public class TenantController {

	@GetMapping("/me")
	Map<String, Object> me(@CurrentAuth AuthContext auth) {
		return Map.of("ok", true, "auth", auth);
	}

}
