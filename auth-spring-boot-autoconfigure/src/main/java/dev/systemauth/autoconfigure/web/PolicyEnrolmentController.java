package dev.systemauth.autoconfigure.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import dev.systemauth.core.flow.MfaEnrolmentFlow;
import dev.systemauth.core.flow.PolicyEnrolmentFlow;
import dev.systemauth.core.token.TokenPair;

/**
 * {@code POST /auth/mfa/totp/enroll} and {@code /auth/mfa/totp/confirm} with an {@code enrolmentToken} in the
 * body and no {@code Authorization} header, over {@link PolicyEnrolmentFlow}: the enrolment a workspace's MFA
 * policy asks of a member without a second factor. A request with an {@code Authorization} header is the
 * bearer enrolment of {@link MfaEnrolmentController}. Present when {@code auth.mfa.enabled}.
 */
@RestController
@AuthEndpoint
public class PolicyEnrolmentController {

	private final PolicyEnrolmentFlow flow;

	private final ClientInfoResolver clients;

	public PolicyEnrolmentController(PolicyEnrolmentFlow flow, ClientInfoResolver clients) {
		this.flow = flow;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/totp/enroll", consumes = MediaType.APPLICATION_JSON_VALUE,
			headers = "!" + HttpHeaders.AUTHORIZATION)
	ResponseEntity<MfaEnrolmentFlow.TotpEnrolment> enroll(@RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		return AuthResponses.noStore(HttpStatus.OK,
				this.flow.enroll(RequestBodies.text(json, "enrolmentToken"), this.clients.resolve(request)));
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/mfa/totp/confirm", consumes = MediaType.APPLICATION_JSON_VALUE,
			headers = "!" + HttpHeaders.AUTHORIZATION)
	ResponseEntity<EnrolledResponse> confirm(@RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		PolicyEnrolmentFlow.Enrolled enrolled = this.flow.confirm(RequestBodies.text(json, "enrolmentToken"),
				RequestBodies.text(json, "code"), this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.OK, EnrolledResponse.of(enrolled));
	}

	/**
	 * The answer of a confirmed enrolment: the recovery codes, shown this once, and the token response.
	 *
	 * @param recoveryCodes the ten recovery codes
	 * @param accessToken the access JWT
	 * @param refreshToken the refresh token
	 * @param tokenType always {@code Bearer}
	 * @param expiresIn seconds until the access token expires
	 * @param userId the user
	 * @param workspaceId the workspace of the enrolment token
	 */
	public record EnrolledResponse(List<String> recoveryCodes, String accessToken, String refreshToken,
			String tokenType, long expiresIn, UUID userId, UUID workspaceId) {

		static EnrolledResponse of(PolicyEnrolmentFlow.Enrolled enrolled) {
			TokenPair tokens = enrolled.tokens();
			return new EnrolledResponse(enrolled.recoveryCodes(), tokens.accessToken(), tokens.refreshToken(),
					"Bearer", tokens.expiresIn(), tokens.userId(), tokens.workspaceId());
		}

		@Override
		public String toString() {
			return "EnrolledResponse[userId=" + this.userId + ", workspaceId=" + this.workspaceId + "]";
		}

	}

}
