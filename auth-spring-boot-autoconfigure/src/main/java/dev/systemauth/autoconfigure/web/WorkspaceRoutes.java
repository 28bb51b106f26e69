package dev.systemauth.autoconfigure.web;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.MembershipStatus;

/**
 * What the routes under {@code {base}/workspaces/{workspaceId}} share: the caller is checked as on any protected
 * request (bearer of a live session, {@code x-workspace-id}, active membership), and the path's workspace must
 * be the header's; ids in the path are strict UUIDs, and roles and statuses in a body are the known words only.
 */
final class WorkspaceRoutes {

	private WorkspaceRoutes() {
	}

	/**
	 * The checked caller of a workspace route.
	 * @throws AuthException the protected-request codes; {@link AuthErrorCode#NOT_FOUND} for a path id that is
	 * not a UUID; {@link AuthErrorCode#WORKSPACE_MISMATCH} when the path names another workspace than the header
	 */
	static AuthContext caller(WorkspaceAccessChecker access, HttpServletRequest request, String workspaceId) {
		AuthContext caller = access.check(request);
		if (!caller.workspaceId().equals(pathId(workspaceId))) {
			throw new AuthException(AuthErrorCode.WORKSPACE_MISMATCH,
					"The workspace in the path does not match the x-workspace-id header.");
		}
		return caller;
	}

	/** A UUID from the path; anything else names nothing, 404. */
	static UUID pathId(String value) {
		UUID id = WorkspaceAccessChecker.canonicalUuid(value);
		if (id == null) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "Not found.");
		}
		return id;
	}

	static @Nullable MembershipRole role(@Nullable String value, String field) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case "owner", "admin", "member" -> MembershipRole.of(value);
			default -> throw invalid(field, "owner, admin or member");
		};
	}

	static @Nullable MembershipStatus status(@Nullable String value) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case "active", "suspended" -> MembershipStatus.of(value);
			default -> throw invalid("status", "active or suspended");
		};
	}

	private static AuthException invalid(String field, String allowed) {
		return new AuthException(AuthErrorCode.VALIDATION_FAILED, field + " must be " + allowed + ".",
				Map.of("field", field));
	}

}
