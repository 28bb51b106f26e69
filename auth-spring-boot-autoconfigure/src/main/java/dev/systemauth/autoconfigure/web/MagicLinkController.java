package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.flow.MagicLinkFlow;

/**
 * {@code POST /auth/magic-link/request} and {@code POST /auth/magic-link/consume}; present only when
 * {@code auth.classic.magic-link} is true.
 */
@RestController
@AuthEndpoint
public class MagicLinkController {

	private final MagicLinkFlow flow;

	private final ClientInfoResolver clients;

	public MagicLinkController(MagicLinkFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/magic-link/request", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedResponse> request(@RequestBody AuthBody body, HttpServletRequest request) {
		this.flow.requestMagicLink(RequestBodies.magicLink(body.json()), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.ACCEPTED, AcceptedResponse.INSTANCE);
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/magic-link/consume", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> consume(@RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		return AuthResponses.noStore(HttpStatus.OK,
				SignInResponses.of(this.flow.consumeMagicLinkOrChallenge(RequestBodies.text(json, "token"),
						RequestBodies.uuid(json, "workspaceId"), this.clients.resolve(request))));
	}

}
