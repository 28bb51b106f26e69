package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.PasskeyOptions;
import dev.systemauth.core.flow.PasskeySignInFlow;

/**
 * {@code POST /auth/passkeys/authentication/options} and {@code /verify}, over {@link PasskeySignInFlow}: a
 * usernameless sign-in, or the second step of a sign-in with its {@code mfaToken}. Present when
 * {@code auth.passkeys.enabled}.
 */
@RestController
@AuthEndpoint
public class PasskeySignInController {

	private final PasskeySignInFlow flow;

	private final ClientInfoResolver clients;

	public PasskeySignInController(PasskeySignInFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/passkeys/authentication/options")
	ResponseEntity<PasskeyOptions.Request> options(@RequestBody(required = false) @Nullable AuthBody body,
			HttpServletRequest request) {
		return AuthResponses.noStore(HttpStatus.OK,
				this.flow.options(PasskeyBodies.optionalText(body, "mfaToken"), this.clients.resolve(request)));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/passkeys/authentication/verify",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> verify(@RequestBody AuthBody body, HttpServletRequest request) {
		return AuthResponses.noStore(HttpStatus.OK, SignInResponses.of(this.flow
			.verify(PasskeyBodies.assertion(RequestBodies.object(body.json())), this.clients.resolve(request))));
	}

}
