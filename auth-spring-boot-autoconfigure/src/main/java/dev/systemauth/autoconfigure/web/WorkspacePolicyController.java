package dev.systemauth.autoconfigure.web;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.MfaPolicy;
import dev.systemauth.core.tenant.AuthContext;

/**
 * {@code GET} and {@code PATCH {base}/workspaces/{workspaceId}}: a workspace and its MFA policy, over
 * {@link MfaPolicy}. Caller: bearer and {@code x-workspace-id} equal to the path's workspace; any active member
 * reads, an owner changes. Present when {@code auth.mfa.enabled} and {@code auth.workspaces.http-api}.
 */
@RestController
@AuthEndpoint
public class WorkspacePolicyController {

	private final MfaPolicy policy;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public WorkspacePolicyController(MfaPolicy policy, WorkspaceAccessChecker access, ClientInfoResolver clients) {
		this.policy = policy;
		this.access = access;
		this.clients = clients;
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}")
	ResponseEntity<WorkspaceView> read(@PathVariable("workspaceId") String workspaceId, HttpServletRequest request) {
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		return AuthResponses.noStore(HttpStatus.OK, WorkspaceView.of(this.policy.read(caller.workspaceId())));
	}

	@PatchMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PolicyView> change(@PathVariable("workspaceId") String workspaceId, @RequestBody AuthBody body,
			HttpServletRequest request) {
		boolean required = mfaRequired(RequestBodies.object(body.json()));
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		MfaPolicy.WorkspacePolicy changed = this.policy.change(caller.workspaceId(), caller.userId(), required,
				this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.OK, new PolicyView(changed.workspaceId(), changed.mfaRequired()));
	}

	private static boolean mfaRequired(JsonNode json) {
		JsonNode value = json.get("mfaRequired");
		if (value == null || value.isNull()) {
			throw new AuthException(AuthErrorCode.VALIDATION_FAILED, "mfaRequired is required.",
					Map.of("field", "mfaRequired"));
		}
		if (!value.isBoolean()) {
			throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "Field 'mfaRequired' must be a boolean.",
					Map.of("field", "mfaRequired"));
		}
		return value.booleanValue();
	}

	/**
	 * A workspace, as its members read it.
	 *
	 * @param workspaceId the workspace
	 * @param name its display name
	 * @param mfaRequired whether signing in to it requires a second factor
	 */
	public record WorkspaceView(UUID workspaceId, String name, boolean mfaRequired) {

		static WorkspaceView of(MfaPolicy.WorkspacePolicy policy) {
			return new WorkspaceView(policy.workspaceId(), policy.name(), policy.mfaRequired());
		}

	}

	/**
	 * The answer of a policy change.
	 *
	 * @param workspaceId the workspace
	 * @param mfaRequired whether signing in to it now requires a second factor
	 */
	public record PolicyView(UUID workspaceId, boolean mfaRequired) {
	}

}
