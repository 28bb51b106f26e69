package dev.systemauth.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.flow.SignupResult;

/**
 * {@code POST /auth/signup} with {@code invitationToken} when public signup is off
 * ({@code auth.classic.signup=false}): invite-only products. Any other request to the path, a body without
 * the token or another method, is answered exactly as a path that never existed (404 {@code not_found}).
 */
@RestController
@AuthEndpoint
public class InvitationSignupController {

	private final InvitationAcceptanceFlow flow;

	private final ClientInfoResolver clients;

	public InvitationSignupController(InvitationAcceptanceFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Nullable ResponseEntity<SignupResponse> signup(@RequestBody AuthBody body, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (!hasInvitation(body)) {
			writeNotFound(response);
			return null;
		}
		return signup(this.flow, body, this.clients.resolve(request));
	}

	@RequestMapping(path = "${auth.web.base-path:/auth}/signup", method = { RequestMethod.GET, RequestMethod.PUT,
			RequestMethod.PATCH, RequestMethod.DELETE })
	void otherMethods(HttpServletResponse response) throws IOException {
		writeNotFound(response);
	}

	static boolean hasInvitation(AuthBody body) {
		JsonNode json = body.json();
		return json != null && json.isObject() && json.has("invitationToken");
	}

	static ResponseEntity<SignupResponse> signup(InvitationAcceptanceFlow flow, AuthBody body, ClientInfo client) {
		JsonNode json = RequestBodies.object(body.json());
		String email = RequestBodies.text(json, "email");
		if (email == null) {
			throw WorkspaceAccessChecker.validation("email", "email is required.");
		}
		String password = RequestBodies.text(json, "password");
		String token = RequestBodies.text(json, "invitationToken");
		SignupResult result = flow.signup(email, (password != null) ? password : "", (token != null) ? token : "",
				client);
		return AuthResponses.noStore(HttpStatus.CREATED, SignupResponse.of(result));
	}

	/** The answer of a path that never existed, written as the starter writes it for an unrouted request. */
	private static void writeNotFound(HttpServletResponse response) throws IOException {
		AuthProblems.write(response, AuthErrorCode.NOT_FOUND, "Not found.");
	}

}
