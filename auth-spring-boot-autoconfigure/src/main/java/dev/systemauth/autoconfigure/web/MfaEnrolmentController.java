package dev.systemauth.autoconfigure.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.core.flow.MfaEnrolmentFlow;
import dev.systemauth.core.token.AccessTokenClaims;

/**
 * {@code POST /auth/mfa/totp/enroll}, {@code /auth/mfa/totp/confirm} and {@code /auth/mfa/disable}, over
 * {@link MfaEnrolmentFlow}. Each needs the bearer access token of a live session. Present when
 * {@code auth.mfa.enabled}.
 */
@RestController
@AuthEndpoint
public class MfaEnrolmentController {

	private final MfaEnrolmentFlow flow;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public MfaEnrolmentController(MfaEnrolmentFlow flow, WorkspaceAccessChecker access, ClientInfoResolver clients) {
		this.flow = flow;
		this.access = access;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/totp/enroll")
	ResponseEntity<MfaEnrolmentFlow.TotpEnrolment> enroll(HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		return AuthResponses.noStore(HttpStatus.OK, this.flow.enroll(caller.userId(), this.clients.resolve(request)));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/totp/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RecoveryCodes> confirm(@RequestBody AuthBody body, HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		String code = RequestBodies.text(RequestBodies.object(body.json()), "code");
		return AuthResponses.noStore(HttpStatus.OK,
				new RecoveryCodes(this.flow.confirm(caller.userId(), code, this.clients.resolve(request))));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/disable", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> disable(@RequestBody AuthBody body, HttpServletRequest request) {
		AccessTokenClaims caller = this.access.authenticateSession(request);
		String code = RequestBodies.text(RequestBodies.object(body.json()), "code");
		this.flow.disable(caller.userId(), code, this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	/**
	 * The body of {@code POST /auth/mfa/totp/confirm}.
	 *
	 * @param recoveryCodes the ten recovery codes, shown this once
	 */
	public record RecoveryCodes(List<String> recoveryCodes) {

		@Override
		public String toString() {
			return "RecoveryCodes[<hidden>]";
		}

	}

}
