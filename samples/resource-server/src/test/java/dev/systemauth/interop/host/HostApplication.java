package dev.systemauth.interop.host;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.api.CurrentAuth;
import dev.systemauth.core.tenant.AuthContext;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * A host that uses the starter (HS256, the default) and is also an OAuth2 resource server on its own routes,
 * for JWTs of its own issuer ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}). The
 * starter's chain covers {@code /auth/**} and {@code /app/**}; the host's chain, with
 * {@code oauth2ResourceServer(jwt)}, everything else.
 */
@SpringBootApplication
public class HostApplication {

	@Bean
	SecurityFilterChain hostSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(withDefaults()));
		return http.build();
	}

	@RestController
	static class HostRoutes {

		/** A host route: the host's own JWTs only. */
		@GetMapping("/api/hello")
		Map<String, Object> hello(@AuthenticationPrincipal Jwt jwt) {
			return Map.of("subject", jwt.getSubject());
		}

		/** A path the starter protects ({@code auth.web.protected-paths}): its access token only. */
		@GetMapping("/app/me")
		Map<String, Object> me(@CurrentAuth AuthContext auth) {
			return Map.of("userId", auth.userId(), "workspaceId", auth.workspaceId());
		}

	}

}
