package dev.systemauth.demo;

import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.tenant.AuthContext;

/**
 * An unauthenticated endpoint of the same shape as {@code /tenant/me}: the same kind of handler answering
 * a body of the same structure and size, so that the benchmarks compare the cost of the protection alone.
 */
@RestController
public class PublicController {

	private static final AuthContext ANONYMOUS = new AuthContext(new UUID(0, 0), new UUID(0, 0), "guest");

	@GetMapping("/public/ping")
	Map<String, Object> ping() {
		return Map.of("ok", true, "auth", ANONYMOUS);
	}

}
