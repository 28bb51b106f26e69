package dev.systemauth.demo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Member changes the role rules refuse ({@code PATCH} and {@code DELETE} of
 * {@code /auth/workspaces/{id}/members/{userId}}: 403 {@code forbidden_role}, 409 {@code last_owner}) leave a
 * {@code membership_change_refused} audit row (outcome {@code denied}, the target as its user, details
 * {@code by}, {@code action}, {@code reason} and nothing else), over real HTTP.
 */
class RefusedMemberChangeAuditTests extends AbstractWorkspaceAdminTests {

	@Test
	void patchAndDeleteWhenForbiddenRoleThenRefusalAuditedWithActorTargetAndReason() {
		Team team = team();
		String owner = members(team.id()) + "/" + team.owner().userId();
		assertProblem(patch(team.admin(), owner, DemoClient.json("role", "member")), 403, "forbidden_role");
		assertProblem(delete(team.member(), members(team.id()) + "/" + team.admin().userId()), 403,
				"forbidden_role");

		assertThat(refusals(team.id())).containsExactly(
				Map.of("user", team.owner().userId().toString(), "by", team.admin().userId().toString(), "action",
						"update", "reason", "forbidden_role"),
				Map.of("user", team.admin().userId().toString(), "by", team.member().userId().toString(), "action",
						"remove", "reason", "forbidden_role"));
	}

	@Test
	void patchAndDeleteWhenLastOwnerThenRefusalAuditedWithReasonLastOwner() {
		Team team = team();
		String self = members(team.id()) + "/" + team.owner().userId();
		assertProblem(patch(team.owner(), self, DemoClient.json("status", "suspended")), 409, "last_owner");
		assertProblem(delete(team.owner(), self), 409, "last_owner");

		String owner = team.owner().userId().toString();
		assertThat(refusals(team.id())).containsExactly(
				Map.of("user", owner, "by", owner, "action", "update", "reason", "last_owner"),
				Map.of("user", owner, "by", owner, "action", "remove", "reason", "last_owner"));
	}

	@Test
	void changeWhenAllowedOrTargetUnknownThenNoRefusalRow() {
		Team team = team();
		assertStatus(patch(team.owner(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "admin")), 200);
		assertProblem(delete(team.owner(), members(team.id()) + "/" + UUID.randomUUID()), 404, "not_found");

		assertThat(refusals(team.id())).isEmpty();
	}

	@Test
	void refusalRowThenOnlyIdsAndCodesInDetails() {
		Team team = team();
		assertProblem(patch(team.admin(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "owner")), 403, "forbidden_role");

		List<String> details = this.jdbc.queryForList("""
				SELECT details::text FROM auth.audit_logs
				WHERE event_type = 'membership_change_refused' AND workspace_id = ?""", String.class, team.id());
		assertThat(details).singleElement().satisfies((text) -> assertThat(text).doesNotContain("@"));
		assertThat(this.jdbc.queryForList("""
				SELECT k FROM auth.audit_logs, jsonb_object_keys(details) AS k
				WHERE event_type = 'membership_change_refused' AND workspace_id = ?""", String.class, team.id()))
			.containsExactlyInAnyOrder("by", "action", "reason");
	}

	private List<Map<String, String>> refusals(UUID workspaceId) {
		return this.jdbc.query("""
				SELECT user_id, details->>'by' AS by, details->>'action' AS action, details->>'reason' AS reason
				FROM auth.audit_logs
				WHERE event_type = 'membership_change_refused' AND outcome = 'denied' AND workspace_id = ?
				ORDER BY occurred_at, id""",
				(rs, n) -> Map.of("user", rs.getString("user_id"), "by", rs.getString("by"), "action",
						rs.getString("action"), "reason", rs.getString("reason")),
				workspaceId);
	}

}
