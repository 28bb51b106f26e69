package dev.systemauth.resourceserver;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads the claims of a verified access token: the user ({@code sub}) and the workspace the token is bound
 * to ({@code workspace_id}). A service that must know the member's current role or whether the session is
 * still live asks the auth service; the token alone says only who signed in where, until it expires.
 */
@RestController
class WhoAmIController {

	@GetMapping("/api/whoami")
	Map<String, Object> whoami(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("userId", jwt.getSubject());
		body.put("workspaceId", jwt.getClaimAsString("workspace_id"));
		body.put("sessionId", jwt.getClaimAsString("sid"));
		body.put("issuer", jwt.getClaimAsString("iss"));
		body.put("audience", jwt.getAudience());
		body.put("kid", jwt.getHeaders().get("kid"));
		return body;
	}

}
