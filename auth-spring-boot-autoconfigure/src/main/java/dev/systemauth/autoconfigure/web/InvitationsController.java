package dev.systemauth.autoconfigure.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.InvitationFlow;
import dev.systemauth.core.invitation.Invitation;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.MembershipRole;

/**
 * {@code {base}/workspaces/{workspaceId}/invitations}: invite, list pending, revoke, over {@link InvitationFlow}.
 * Present while {@code auth.workspaces.http-api} is true (the default) and the classic flows are on.
 */
@RestController
@AuthEndpoint
public class InvitationsController {

	private final InvitationFlow flow;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public InvitationsController(InvitationFlow flow, WorkspaceAccessChecker access, ClientInfoResolver clients) {
		this.flow = flow;
		this.access = access;
		this.clients = clients;
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/invitations",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<InvitationView> invite(@PathVariable("workspaceId") String workspaceId, @RequestBody AuthBody body,
			HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		String email = RequestBodies.text(json, "email");
		MembershipRole role = WorkspaceRoutes.role(RequestBodies.text(json, "role"), "role");
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		if (email == null) {
			throw WorkspaceAccessChecker.validation("email", "email is required.");
		}
		if (role == null) {
			throw WorkspaceAccessChecker.validation("role", "role is required.");
		}
		Invitation invitation = this.flow.invite(caller.workspaceId(), caller.userId(), email, role,
				this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.CREATED, InvitationView.of(invitation));
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/invitations")
	ResponseEntity<InvitationList> pending(@PathVariable("workspaceId") String workspaceId,
			HttpServletRequest request) {
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		List<InvitationView> views = this.flow.pending(caller.workspaceId(), caller.userId())
			.stream()
			.map(InvitationView::of)
			.toList();
		return AuthResponses.noStore(HttpStatus.OK, new InvitationList(views));
	}

	@DeleteMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/invitations/{id}")
	ResponseEntity<Void> revoke(@PathVariable("workspaceId") String workspaceId, @PathVariable("id") String id,
			HttpServletRequest request) {
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		UUID invitationId = WorkspaceAccessChecker.canonicalUuid(id);
		if (invitationId == null) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "No such pending invitation.");
		}
		this.flow.revoke(caller.workspaceId(), caller.userId(), invitationId, this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	/**
	 * The pending invitations of a workspace.
	 *
	 * @param invitations oldest first
	 */
	public record InvitationList(List<InvitationView> invitations) {
	}

	/**
	 * An invitation (never its token).
	 *
	 * @param invitationId the id
	 * @param email the invited address
	 * @param role the role the invitee gets
	 * @param expiresAt when the link stops working
	 */
	public record InvitationView(UUID invitationId, String email, String role, Instant expiresAt) {

		static InvitationView of(Invitation invitation) {
			return new InvitationView(invitation.id(), invitation.email(), invitation.role().value(),
					invitation.expiresAt());
		}

	}

}
