package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.PasswordResetFlow;

/**
 * {@code POST /auth/forgot-password} and {@code POST /auth/reset-password}; present only when
 * {@code auth.classic.reset-password} is true.
 */
@RestController
@AuthEndpoint
public class PasswordResetController {

	private final PasswordResetFlow flow;

	private final ClientInfoResolver clients;

	public PasswordResetController(PasswordResetFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/forgot-password", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedResponse> forgotPassword(@RequestBody AuthBody body,
			HttpServletRequest request) {
		this.flow.forgotPassword(RequestBodies.email(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.ACCEPTED, AcceptedResponse.INSTANCE);
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/reset-password", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> resetPassword(@RequestBody AuthBody body, HttpServletRequest request) {
		this.flow.resetPassword(RequestBodies.resetPassword(body.json()), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

}
