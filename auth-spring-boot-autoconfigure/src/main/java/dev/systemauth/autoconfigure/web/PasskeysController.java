package dev.systemauth.autoconfigure.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.PasskeyManagementFlow;
import dev.systemauth.core.flow.PasskeyRegistrationFlow;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * {@code GET /auth/passkeys} and {@code DELETE /auth/passkeys/{passkeyId}}, over {@link PasskeyManagementFlow}:
 * the caller's own passkeys. Both need the bearer access token of a live session. Present when
 * {@code auth.passkeys.enabled}.
 */
@RestController
@AuthEndpoint
public class PasskeysController {

	private final PasskeyManagementFlow flow;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public PasskeysController(PasskeyManagementFlow flow, WorkspaceAccessChecker access, ClientInfoResolver clients) {
		this.flow = flow;
		this.access = access;
		this.clients = clients;
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/passkeys")
	ResponseEntity<PasskeyList> list(HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		return AuthResponses.noStore(HttpStatus.OK, new PasskeyList(this.flow.list(caller.userId())));
	}

	@DeleteMapping(path = "${auth.web.base-path:/auth}/passkeys/{passkeyId}")
	ResponseEntity<Void> delete(@PathVariable("passkeyId") String passkeyId, HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		UUID id = WorkspaceAccessChecker.canonicalUuid(passkeyId);
		if (id == null) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "No such passkey.");
		}
		this.flow.delete(caller.userId(), id, this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	/**
	 * The body of {@code GET /auth/passkeys}.
	 *
	 * @param passkeys the caller's passkeys, oldest first, without key material
	 */
	public record PasskeyList(List<PasskeyRegistrationFlow.Passkey> passkeys) {
	}

}
