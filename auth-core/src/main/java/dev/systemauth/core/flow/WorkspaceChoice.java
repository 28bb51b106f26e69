package dev.systemauth.core.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.Membership;

/**
 * The workspace a sign-in starts its session in: the requested one, which must be among the user's active
 * memberships, or the only one; with several and none requested, the answer lists them to choose from.
 */
final class WorkspaceChoice {

	private WorkspaceChoice() {
	}

	static Membership select(List<Membership> active, @Nullable UUID requested) {
		if (requested != null) {
			return active.stream()
				.filter((m) -> m.workspaceId().equals(requested))
				.findFirst()
				.orElseThrow(() -> new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE,
						"You have no active membership in this workspace."));
		}
		if (active.size() == 1) {
			return active.get(0);
		}
		if (active.isEmpty()) {
			throw new AuthException(AuthErrorCode.MEMBERSHIP_INACTIVE, "You have no active workspace membership.");
		}
		List<Map<String, Object>> choices = active.stream().map(WorkspaceChoice::choice).toList();
		throw new AuthException(AuthErrorCode.WORKSPACE_SELECTION_REQUIRED,
				"Choose a workspace: send workspaceId with one of the listed ids.", Map.of("workspaces", choices));
	}

	private static Map<String, Object> choice(Membership membership) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("workspaceId", membership.workspaceId().toString());
		choice.put("name", membership.workspaceName());
		choice.put("slug", membership.workspaceSlug());
		choice.put("role", membership.role().value());
		return choice;
	}

}
