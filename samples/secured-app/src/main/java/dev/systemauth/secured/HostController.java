package dev.systemauth.secured;

import java.security.Principal;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host's own routes, under the host's own rules: the starter's token grants nothing here.
 */
@RestController
class HostController {

	@GetMapping("/hello")
	Map<String, Object> hello(Principal principal) {
		return Map.of("hello", principal.getName());
	}

	@GetMapping("/internal/status")
	Map<String, Object> status(Principal principal) {
		return Map.of("status", "ok", "operator", principal.getName());
	}

	@PostMapping("/internal/cache/clear")
	Map<String, Object> clearCache() {
		return Map.of("cleared", true);
	}

}
