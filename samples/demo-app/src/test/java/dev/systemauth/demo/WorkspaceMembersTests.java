package dev.systemauth.demo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.tenant.MembershipRole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /auth/workspaces/{id}/members} over real HTTP: each role's rights, the last owner, a race of two
 * owners, changes effective at once, and hostile input.
 */
class WorkspaceMembersTests extends AbstractWorkspaceAdminTests {

	@Test
	void listWhenAnyActiveMemberThenEveryMemberWithEmailRoleAndStatus() {
		Team team = team();
		DemoClient.Response response = get(team.member(), members(team.id()));
		assertStatus(response, 200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		JsonNode list = response.json().get("members");
		assertThat(list).hasSize(3);
		assertThat(list.get(0).get("userId").asString()).isEqualTo(team.owner().userId().toString());
		assertThat(list.get(0).get("role").asString()).isEqualTo("owner");
		assertThat(list.get(0).get("status").asString()).isEqualTo("active");
		assertThat(list.get(0).get("email").asString()).endsWith("@e2e.test");
		assertThat(response.body()).doesNotContain("password", "hash");
	}

	@Test
	void patchWhenMemberCallerThenForbiddenRoleAndNothingChanges() {
		Team team = team();
		assertProblem(patch(team.member(), members(team.id()) + "/" + team.admin().userId(),
				DemoClient.json("role", "member")), 403, "forbidden_role");
		assertProblem(patch(team.member(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "admin")), 403, "forbidden_role");
		assertProblem(delete(team.member(), members(team.id()) + "/" + team.admin().userId()), 403,
				"forbidden_role");
		assertThat(roleOf(team.id(), team.admin().userId())).isEqualTo("admin");
		assertThat(roleOf(team.id(), team.member().userId())).isEqualTo("member");
	}

	@Test
	void patchWhenAdminTouchesAnOwnerOrGrantsOwnerThenForbiddenRole() {
		Team team = team();
		String owner = members(team.id()) + "/" + team.owner().userId();
		assertProblem(patch(team.admin(), owner, DemoClient.json("role", "member")), 403, "forbidden_role");
		assertProblem(patch(team.admin(), owner, DemoClient.json("status", "suspended")), 403, "forbidden_role");
		assertProblem(delete(team.admin(), owner), 403, "forbidden_role");
		assertProblem(patch(team.admin(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "owner")), 403, "forbidden_role");
		assertProblem(patch(team.admin(), members(team.id()) + "/" + team.admin().userId(),
				DemoClient.json("role", "owner")), 403, "forbidden_role");
		assertThat(roleOf(team.id(), team.owner().userId())).isEqualTo("owner");
		assertThat(roleOf(team.id(), team.member().userId())).isEqualTo("member");
		// what an admin may do: change members and admins
		DemoClient.Response promoted = patch(team.admin(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "admin"));
		assertStatus(promoted, 200);
		assertThat(promoted.json().get("role").asString()).isEqualTo("admin");
		assertThat(promoted.json().get("userId").asString()).isEqualTo(team.member().userId().toString());
	}

	@Test
	void patchWhenRoleChangedThenNextRequestSeesItAndTheChangeIsAudited() {
		Team team = team();
		assertStatus(patch(team.owner(), members(team.id()) + "/" + team.member().userId(),
				DemoClient.json("role", "admin")), 200);
		DemoClient.Response me = tenantMe(team.member().accessToken(), team.id());
		assertThat(me.json().get("auth").get("role").asString()).isEqualTo("admin");
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'membership_role_changed'
				AND workspace_id = ? AND user_id = ? AND details->>'role' = 'admin' AND details->>'by' = ?""",
				team.id(), team.member().userId(), team.owner().userId().toString())).isEqualTo(1);
	}

	@Test
	void ownerWhenLastActiveOwnerThenNeverDemotedSuspendedOrRemoved() {
		Team team = team();
		String self = members(team.id()) + "/" + team.owner().userId();
		assertProblem(patch(team.owner(), self, DemoClient.json("role", "admin")), 409, "last_owner");
		assertProblem(patch(team.owner(), self, DemoClient.json("status", "suspended")), 409, "last_owner");
		assertProblem(delete(team.owner(), self), 409, "last_owner");
		assertThat(roleOf(team.id(), team.owner().userId())).isEqualTo("owner");
		// with a second owner, the first may step down
		assertStatus(patch(team.owner(), members(team.id()) + "/" + team.admin().userId(),
				DemoClient.json("role", "owner")), 200);
		assertStatus(patch(team.owner(), self, DemoClient.json("role", "admin")), 200);
		assertProblem(delete(team.admin(), members(team.id()) + "/" + team.admin().userId()), 409, "last_owner");
	}

	@Test
	void twoOwnersDemotingEachOtherAtOnceThenExactlyOneWinsAndAnOwnerRemains() throws Exception {
		for (int round = 0; round < 4; round++) {
			Team team = team();
			Tokens a = team.owner();
			Tokens b = team.admin();
			assertStatus(patch(a, members(team.id()) + "/" + b.userId(), DemoClient.json("role", "owner")), 200);
			List<DemoClient.Response> answers = concurrently(
					() -> patch(a, members(team.id()) + "/" + b.userId(), DemoClient.json("role", "member")),
					() -> patch(b, members(team.id()) + "/" + a.userId(), DemoClient.json("role", "member")));
			assertThat(answers).as("round %d: %s", round, answers)
				.filteredOn((response) -> response.status() == 200)
				.hasSize(1);
			DemoClient.Response loser = answers.get(0).status() == 200 ? answers.get(1) : answers.get(0);
			assertThat(loser.status()).as("%s", loser).isIn(403, 409);
			assertThat(count("""
					SELECT count(*) FROM auth.workspace_members
					WHERE workspace_id = ? AND role = 'owner' AND status = 'active'""", team.id())).isEqualTo(1);
		}
	}

	@Test
	void twoOwnersRemovingThemselvesAtOnceThenExactlyOneLeaves() throws Exception {
		Team team = team();
		Tokens a = team.owner();
		Tokens b = team.admin();
		assertStatus(patch(a, members(team.id()) + "/" + b.userId(), DemoClient.json("role", "owner")), 200);
		List<DemoClient.Response> answers = concurrently(() -> delete(a, members(team.id()) + "/" + a.userId()),
				() -> delete(b, members(team.id()) + "/" + b.userId()));
		assertThat(answers).filteredOn((response) -> response.status() == 204).hasSize(1);
		assertThat(answers).filteredOn((response) -> response.status() == 409).hasSize(1);
		assertThat(count("""
				SELECT count(*) FROM auth.workspace_members
				WHERE workspace_id = ? AND role = 'owner' AND status = 'active'""", team.id())).isEqualTo(1);
	}

	@Test
	void deleteWhenMemberRemovedThenTheirTokensForTheWorkspaceAreRefusedAtOnce() {
		Team team = team();
		assertThat(tenantMe(team.member().accessToken(), team.id()).status()).isEqualTo(200);
		assertStatus(delete(team.admin(), members(team.id()) + "/" + team.member().userId()), 204);
		assertProblem(tenantMe(team.member().accessToken(), team.id()), 403, "membership_inactive");
		assertThat(refresh(team.member().refreshToken()).status()).isIn(401, 403);
		assertProblem(get(team.member(), members(team.id())), 403, "membership_inactive");
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'membership_removed'
				AND workspace_id = ? AND user_id = ? AND details->>'by' = ?""", team.id(), team.member().userId(),
				team.admin().userId().toString())).isEqualTo(1);
		assertThat(get(team.owner(), members(team.id())).json().get("members")).hasSize(2);
		assertProblem(delete(team.admin(), members(team.id()) + "/" + team.member().userId()), 404, "not_found");
	}

	@Test
	void patchWhenSuspendedThenRefusedUntilReactivated() {
		Team team = team();
		String member = members(team.id()) + "/" + team.member().userId();
		DemoClient.Response suspended = patch(team.admin(), member, DemoClient.json("status", "suspended"));
		assertStatus(suspended, 200);
		assertThat(suspended.json().get("status").asString()).isEqualTo("suspended");
		assertProblem(tenantMe(team.member().accessToken(), team.id()), 403, "membership_inactive");
		assertStatus(patch(team.admin(), member, DemoClient.json("status", "active")), 200);
		assertThat(tenantMe(loginTo(emailOf(team.member().userId()), team.id()).accessToken(), team.id()).status())
			.isEqualTo(200);
	}

	@Test
	void deleteWhenAnyoneLeavesThenAllowed() {
		Team team = team();
		assertStatus(delete(team.member(), members(team.id()) + "/" + team.member().userId()), 204);
		assertProblem(tenantMe(team.member().accessToken(), team.id()), 403, "membership_inactive");
	}

	@Test
	void hostileInputThenClearFourHundredsAndNothingChanges() {
		Team team = team();
		Team other = team();
		String target = members(team.id()) + "/" + team.member().userId();
		// ids that are not UUIDs
		for (String bad : new String[] { "not-a-uuid", "'%20OR%201=1%20--", team.member().userId().toString().replace("-", ""),
				"%7B" + team.member().userId() + "%7D" }) {
			DemoClient.Response response = patch(team.owner(), members(team.id()) + "/" + bad,
					DemoClient.json("role", "admin"));
			assertProblem(response, 404, "not_found");
			assertThat(response.body()).doesNotContain("SQL", "Exception");
		}
		assertProblem(get(team.owner(), "/auth/workspaces/not-a-uuid/members"), 404, "not_found");
		// another workspace's ids: in the path, or its member as the target
		assertProblem(get(team.owner(), members(other.id())), 403, "workspace_mismatch");
		assertProblem(patch(team.owner(), members(other.id()) + "/" + other.member().userId(),
				DemoClient.json("status", "suspended")), 403, "workspace_mismatch");
		assertProblem(patch(team.owner(), members(team.id()) + "/" + other.member().userId(),
				DemoClient.json("status", "suspended")), 404, "not_found");
		assertProblem(delete(team.owner(), members(team.id()) + "/" + other.owner().userId()), 404, "not_found");
		// forged roles and statuses
		for (String body : new String[] { DemoClient.json("role", "superowner"), DemoClient.json("role", "OWNER"),
				DemoClient.json("role", "owner "), DemoClient.json("status", "removed"),
				DemoClient.json("status", "ACTIVE"), "{}" }) {
			assertProblem(patch(team.admin(), target, body), 400, "validation_failed");
		}
		assertProblem(patch(team.admin(), target, DemoClient.json("role", 1)), 400, "malformed_request");
		assertProblem(patch(team.admin(), target, "[\"owner\"]"), 400, "malformed_request");
		assertProblem(this.http.get(members(team.id())), 401, "invalid_token");
		assertThat(roleOf(team.id(), team.member().userId())).isEqualTo("member");
		assertThat(roleOf(other.id(), other.member().userId())).isEqualTo("member");
		assertThat(count("SELECT count(*) FROM auth.workspace_members WHERE workspace_id = ? AND status = 'active'",
				other.id())).isEqualTo(3);
	}

	private String roleOf(UUID workspaceId, UUID userId) {
		return this.jdbc.queryForObject("SELECT role FROM auth.workspace_members WHERE workspace_id = ? AND user_id = ?",
				String.class, workspaceId, userId);
	}

	private String emailOf(UUID userId) {
		return this.jdbc.queryForObject("SELECT email FROM auth.users WHERE id = ?", String.class, userId);
	}

}
