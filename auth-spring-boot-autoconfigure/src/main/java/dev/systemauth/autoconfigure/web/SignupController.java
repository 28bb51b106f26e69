package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.SignupResult;

/**
 * {@code POST /auth/signup}; present only when {@code auth.classic.signup} is true.
 */
@RestController
@AuthEndpoint
public class SignupController {

	private final SignupFlow flow;

	private final ClientInfoResolver clients;

	public SignupController(SignupFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SignupResponse> signup(@RequestBody AuthBody body, HttpServletRequest request) {
		SignupResult result = this.flow.signup(RequestBodies.signup(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.CREATED, SignupResponse.of(result));
	}

}
