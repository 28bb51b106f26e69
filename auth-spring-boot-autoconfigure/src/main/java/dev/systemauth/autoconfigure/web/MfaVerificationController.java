package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import dev.systemauth.core.flow.MfaVerificationFlow;

/**
 * {@code POST /auth/mfa/verify}, over {@link MfaVerificationFlow}: the second step of a sign-in. Present when
 * {@code auth.mfa.enabled}.
 */
@RestController
@AuthEndpoint
public class MfaVerificationController {

	private final MfaVerificationFlow flow;

	private final ClientInfoResolver clients;

	public MfaVerificationController(MfaVerificationFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> verify(@RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		return AuthResponses.noStore(HttpStatus.OK,
				TokenResponse.of(this.flow.verify(RequestBodies.text(json, "mfaToken"), RequestBodies.text(json, "code"),
						this.clients.resolve(request))));
	}

}
