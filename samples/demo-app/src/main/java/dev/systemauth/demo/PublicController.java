package dev.systemauth.demo;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An unauthenticated endpoint of the same shape as {@code /tenant/me}, the baseline of the benchmarks.
 */
@RestController
public class PublicController {

	@GetMapping("/public/ping")
	Map<String, Object> ping() {
		return Map.of("ok", true);
	}

}
