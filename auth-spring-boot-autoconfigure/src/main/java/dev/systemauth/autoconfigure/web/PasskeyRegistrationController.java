package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.PasskeyOptions;
import dev.systemauth.core.flow.PasskeyRegistrationFlow;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * {@code POST /auth/passkeys/registration/options} and {@code /verify}, over {@link PasskeyRegistrationFlow}.
 * Both need the bearer access token of a live session. Present when {@code auth.passkeys.enabled}.
 */
@RestController
@AuthEndpoint
public class PasskeyRegistrationController {

	private final PasskeyRegistrationFlow flow;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public PasskeyRegistrationController(PasskeyRegistrationFlow flow, WorkspaceAccessChecker access,
			ClientInfoResolver clients) {
		this.flow = flow;
		this.access = access;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/passkeys/registration/options")
	ResponseEntity<PasskeyOptions.Creation> options(HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		return AuthResponses.noStore(HttpStatus.OK, this.flow.options(caller.userId()));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/passkeys/registration/verify",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PasskeyRegistrationFlow.Passkey> verify(@RequestBody AuthBody body, HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		return AuthResponses.noStore(HttpStatus.CREATED, this.flow.verify(caller.userId(),
				PasskeyBodies.registration(RequestBodies.object(body.json())), this.clients.resolve(request)));
	}

}
