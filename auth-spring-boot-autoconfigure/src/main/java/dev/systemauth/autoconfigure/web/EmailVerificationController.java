package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.EmailVerificationFlow;

/**
 * {@code POST /auth/verify-email} and {@code /auth/verify-email/resend}, over {@link EmailVerificationFlow}.
 * Present only when {@code auth.classic.enabled} is true (the default).
 */
@RestController
@AuthEndpoint
public class EmailVerificationController {

	private final EmailVerificationFlow flow;

	private final ClientInfoResolver clients;

	public EmailVerificationController(EmailVerificationFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> verifyEmail(@RequestBody AuthBody body, HttpServletRequest request) {
		this.flow.verifyEmail(RequestBodies.verifyEmail(body.json()), this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/verify-email/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedResponse> resendVerification(@RequestBody AuthBody body, HttpServletRequest request) {
		this.flow.resendVerification(RequestBodies.email(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.ACCEPTED, AcceptedResponse.INSTANCE);
	}

}
