package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.SignupResult;

/**
 * {@code POST /auth/signup}; present only when {@code auth.classic.signup} is true. A body with
 * {@code invitationToken} signs up through the invitation (see {@link InvitationSignupController}, the route
 * when public signup is off), when invitations are served.
 */
@RestController
@AuthEndpoint
public class SignupController {

	private final SignupFlow flow;

	private final ClientInfoResolver clients;

	private final @Nullable InvitationAcceptanceFlow invitations;

	public SignupController(SignupFlow flow, ClientInfoResolver clients) {
		this(flow, clients, null);
	}

	/**
	 * A signup route that also signs up with invitations.
	 * @param invitations the invitation flow, or {@code null} when invitations are not served
	 */
	public SignupController(SignupFlow flow, ClientInfoResolver clients,
			@Nullable InvitationAcceptanceFlow invitations) {
		this.flow = flow;
		this.clients = clients;
		this.invitations = invitations;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<SignupResponse> signup(@RequestBody AuthBody body, HttpServletRequest request) {
		if (this.invitations != null && InvitationSignupController.hasInvitation(body)) {
			return InvitationSignupController.signup(this.invitations, body, this.clients.resolve(request));
		}
		SignupResult result = this.flow.signup(RequestBodies.signup(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.CREATED, SignupResponse.of(result));
	}

}
