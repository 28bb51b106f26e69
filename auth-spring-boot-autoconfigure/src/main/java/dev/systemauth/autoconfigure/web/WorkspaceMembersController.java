package dev.systemauth.autoconfigure.web;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.MembershipStatus;
import dev.systemauth.core.tenant.WorkspaceMember;
import dev.systemauth.core.tenant.WorkspaceMembers;

/**
 * {@code {base}/workspaces/{workspaceId}/members}: list (any active member), change role or status, remove,
 * over {@link WorkspaceMembers}, which holds the role rules. Present while {@code auth.workspaces.http-api} is
 * true (the default).
 */
@RestController
@AuthEndpoint
public class WorkspaceMembersController {

	private final WorkspaceMembers members;

	private final WorkspaceAccessChecker access;

	private final ClientInfoResolver clients;

	public WorkspaceMembersController(WorkspaceMembers members, WorkspaceAccessChecker access,
			ClientInfoResolver clients) {
		this.members = members;
		this.access = access;
		this.clients = clients;
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/members")
	ResponseEntity<MemberList> list(@PathVariable("workspaceId") String workspaceId, HttpServletRequest request) {
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		List<MemberView> views = this.members.list(caller.workspaceId()).stream().map(MemberView::of).toList();
		return AuthResponses.noStore(HttpStatus.OK, new MemberList(views));
	}

	@PatchMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/members/{userId}",
			consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<MemberView> update(@PathVariable("workspaceId") String workspaceId,
			@PathVariable("userId") String userId, @RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		MembershipRole role = WorkspaceRoutes.role(RequestBodies.text(json, "role"), "role");
		MembershipStatus status = WorkspaceRoutes.status(RequestBodies.text(json, "status"));
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		UUID target = WorkspaceRoutes.pathId(userId);
		if (role == null && status == null) {
			throw new AuthException(AuthErrorCode.VALIDATION_FAILED, "role or status is required.");
		}
		WorkspaceMember member = this.members.update(caller.workspaceId(), caller.userId(), target, role, status,
				this.clients.resolve(request));
		return AuthResponses.noStore(HttpStatus.OK, MemberView.of(member));
	}

	@DeleteMapping(path = "${auth.web.base-path:/auth}/workspaces/{workspaceId}/members/{userId}")
	ResponseEntity<Void> remove(@PathVariable("workspaceId") String workspaceId, @PathVariable("userId") String userId,
			HttpServletRequest request) {
		AuthContext caller = WorkspaceRoutes.caller(this.access, request, workspaceId);
		this.members.remove(caller.workspaceId(), caller.userId(), WorkspaceRoutes.pathId(userId),
				this.clients.resolve(request));
		return AuthResponses.noContent();
	}

	/**
	 * The body of the members list.
	 *
	 * @param members the active and suspended members, oldest first
	 */
	public record MemberList(List<MemberView> members) {
	}

	/**
	 * A member.
	 *
	 * @param userId the user
	 * @param email the email address
	 * @param role {@code owner}, {@code admin} or {@code member}
	 * @param status {@code active} or {@code suspended}
	 */
	public record MemberView(UUID userId, String email, String role, String status) {

		static MemberView of(WorkspaceMember member) {
			return new MemberView(member.userId(), member.email(), member.role().value(), member.status().value());
		}

	}

}
