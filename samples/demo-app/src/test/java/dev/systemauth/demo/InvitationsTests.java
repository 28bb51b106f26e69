package dev.systemauth.demo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /auth/workspaces/{id}/invitations}, {@code /auth/invitations/accept} and signup with an invitation,
 * over real HTTP with the mail read from GreenMail: rights, single use, expiry, the wrong account, a double
 * accept at once, limits and hostile input.
 */
class InvitationsTests extends AbstractWorkspaceAdminTests {

	@Test
	void inviteWhenNewUserSignsUpWithTheMailedTokenThenVerifiedMemberOfThatWorkspaceOnly() {
		Team team = team();
		String invitee = uniqueEmail("invitee");
		DemoClient.Response created = post(team.admin(), invitations(team.id()),
				DemoClient.json("email", invitee.toUpperCase(java.util.Locale.ROOT), "role", "member"));
		assertStatus(created, 201);
		JsonNode body = created.json();
		assertThat(body.get("email").asString()).isEqualTo(invitee);
		assertThat(body.get("role").asString()).isEqualTo("member");
		assertThat(body.get("expiresAt").asString()).isNotBlank();
		assertThat(body.has("token")).isFalse();
		UUID invitationId = UUID.fromString(body.get("invitationId").asString());

		String mail = TestMail.awaitMessage(invitee, 1);
		assertThat(mail).contains("http://localhost:3000/accept-invitation?token=");
		String token = TestMail.linkToken(mail);
		assertThat(count("SELECT count(*) FROM auth.workspace_invitations WHERE token_hash = ?", token)).isZero();
		assertThat(count("SELECT count(*) FROM auth.audit_logs WHERE details::text LIKE ?", "%" + token + "%"))
			.isZero();
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'invitation_created' AND workspace_id = ?
				AND user_id = ? AND details->>'invitationId' = ?""", team.id(), team.admin().userId(),
				invitationId.toString())).isEqualTo(1);
		long workspacesBefore = count("SELECT count(*) FROM auth.workspaces");

		DemoClient.Response signup = this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token));
		assertThat(signup.status()).as("%s", signup).isEqualTo(201);
		assertThat(signup.header("Cache-Control")).contains("no-store");
		assertThat(signup.json().get("workspaceId").asString()).isEqualTo(team.id().toString());
		assertThat(signup.json().get("emailVerificationRequired").asBoolean()).isFalse();
		String accessToken = signup.json().get("accessToken").asString();
		UUID userId = UUID.fromString(signup.json().get("userId").asString());
		DemoClient.Response me = tenantMe(accessToken, team.id());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("auth").get("role").asString()).isEqualTo("member");
		assertThat(count("SELECT count(*) FROM auth.workspaces")).isEqualTo(workspacesBefore);
		assertThat(count("SELECT count(*) FROM auth.workspace_members WHERE user_id = ?", userId)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM auth.users WHERE id = ? AND email_verified_at IS NOT NULL", userId))
			.isEqualTo(1);
		assertThat(TestMail.messagesTo(invitee)).as("no verification mail for a proven address").hasSize(1);
		// single use
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("again"), "password", PASSWORD, "invitationToken", token)), 400,
				"invalid_or_expired_token");
		assertThat(get(team.owner(), invitations(team.id())).json().get("invitations")).isEmpty();
	}

	@Test
	void acceptWhenExistingUserWithTheInvitedVerifiedEmailThenTokensForTheInvitedWorkspace() {
		Team team = team();
		String email = uniqueEmail("existing");
		Tokens own = registerVerified(email, PASSWORD);
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", email, "role", "admin")), 201);
		String token = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		DemoClient.Response accepted = this.http.post("/auth/invitations/accept", DemoClient.json("token", token),
				"Authorization", "Bearer " + own.accessToken());
		assertTokenResponse(accepted);
		Tokens tokens = Tokens.of(accepted);
		assertThat(tokens.workspaceId()).isEqualTo(team.id());
		assertThat(tokens.userId()).isEqualTo(own.userId());
		assertThat(tenantMe(tokens.accessToken(), team.id()).json().get("auth").get("role").asString())
			.isEqualTo("admin");
		assertThat(tenantMe(own.accessToken(), own.workspaceId()).status()).as("the caller's session goes on")
			.isEqualTo(200);
		assertProblem(this.http.post("/auth/invitations/accept", DemoClient.json("token", token), "Authorization",
				"Bearer " + own.accessToken()), 400, "invalid_or_expired_token");
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'invitation_accepted' AND workspace_id = ?
				AND user_id = ?""", team.id(), own.userId())).isEqualTo(1);
	}

	@Test
	void acceptWhenAnotherAccountThenEmailMismatchAndTheInvitationStaysPending() {
		Team team = team();
		String invitee = uniqueEmail("rightful");
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", invitee, "role", "member")),
				201);
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));
		Tokens intruder = registerVerified(uniqueEmail("intruder"), PASSWORD);
		DemoClient.Response refused = this.http.post("/auth/invitations/accept", DemoClient.json("token", token),
				"Authorization", "Bearer " + intruder.accessToken());
		assertProblem(refused, 403, "invitation_email_mismatch");
		assertThat(refused.body()).doesNotContain(invitee, token);
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("other"), "password", PASSWORD, "invitationToken", token)), 403,
				"invitation_email_mismatch");
		assertThat(count("SELECT count(*) FROM auth.workspace_members WHERE workspace_id = ? AND user_id = ?", team.id(),
				intruder.userId())).isZero();
		assertThat(get(team.owner(), invitations(team.id())).json().get("invitations")).hasSize(1);
		assertProblem(this.http.post("/auth/invitations/accept", DemoClient.json("token", token)), 401,
				"invalid_token");
		DemoClient.Response signup = this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token));
		assertThat(signup.status()).as("%s", signup).isEqualTo(201);
	}

	@Test
	void acceptWhenSentTwiceAtOnceThenExactlyOneSuccess() throws Exception {
		Team team = team();
		String email = uniqueEmail("twice");
		Tokens own = registerVerified(email, PASSWORD);
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", email, "role", "member")),
				201);
		String token = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		List<DemoClient.Response> answers = concurrently(
				() -> this.http.post("/auth/invitations/accept", DemoClient.json("token", token), "Authorization",
						"Bearer " + own.accessToken()),
				() -> this.http.post("/auth/invitations/accept", DemoClient.json("token", token), "Authorization",
						"Bearer " + own.accessToken()));
		assertThat(answers).filteredOn((response) -> response.status() == 200).hasSize(1);
		assertThat(answers).filteredOn((response) -> response.status() == 400).hasSize(1);
		assertThat(count("SELECT count(*) FROM auth.audit_logs WHERE event_type = 'invitation_accepted' AND user_id = ?",
				own.userId())).isEqualTo(1);
	}

	@Test
	void signupWithOneTokenTwiceAtOnceThenExactlyOneAccount() throws Exception {
		Team team = team();
		String invitee = uniqueEmail("racer");
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", invitee, "role", "member")),
				201);
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));
		String body = DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token);
		List<DemoClient.Response> answers = concurrently(() -> this.http.post("/auth/signup", body),
				() -> this.http.post("/auth/signup", body));
		assertThat(answers).filteredOn((response) -> response.status() == 201).hasSize(1);
		assertThat(answers).filteredOn((response) -> response.status() == 400).hasSize(1);
		assertThat(count("SELECT count(*) FROM auth.users WHERE email = ?", invitee)).isEqualTo(1);
	}

	@Test
	void inviteWhenRolesDoNotAllowThenForbiddenRoleAndAlreadyMemberIsConflict() {
		Team team = team();
		String email = uniqueEmail("rights");
		assertProblem(post(team.member(), invitations(team.id()), DemoClient.json("email", email, "role", "member")),
				403, "forbidden_role");
		assertProblem(get(team.member(), invitations(team.id())), 403, "forbidden_role");
		assertProblem(post(team.admin(), invitations(team.id()), DemoClient.json("email", email, "role", "owner")), 403,
				"forbidden_role");
		assertThat(TestMail.messagesTo(email)).isEmpty();
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", email, "role", "owner")), 201);
		assertStatus(post(team.admin(), invitations(team.id()), DemoClient.json("email", email, "role", "admin")), 201);
		String memberEmail = this.jdbc.queryForObject("SELECT email FROM auth.users WHERE id = ?", String.class,
				team.member().userId());
		assertProblem(post(team.admin(), invitations(team.id()), DemoClient.json("email", memberEmail, "role", "admin")),
				409, "already_member");
		JsonNode pending = get(team.admin(), invitations(team.id())).json().get("invitations");
		assertThat(pending).hasSize(2);
		assertThat(pending.get(0).get("role").asString()).isEqualTo("owner");
		assertThat(pending.toString()).doesNotContain("token");
	}

	@Test
	void revokeWhenPendingThenTheLinkStopsWorkingAndUnknownIdsAreNotFound() {
		Team team = team();
		Team other = team();
		String invitee = uniqueEmail("revoked");
		DemoClient.Response created = post(team.admin(), invitations(team.id()),
				DemoClient.json("email", invitee, "role", "member"));
		String id = created.json().get("invitationId").asString();
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));
		assertProblem(delete(team.member(), invitations(team.id()) + "/" + id), 403, "forbidden_role");
		assertProblem(delete(other.owner(), invitations(team.id()) + "/" + id), 403, "workspace_mismatch");
		assertProblem(delete(other.owner(), invitations(other.id()) + "/" + id), 404, "not_found");
		assertProblem(delete(team.owner(), invitations(team.id()) + "/not-a-uuid"), 404, "not_found");
		assertProblem(delete(team.owner(), invitations(team.id()) + "/" + UUID.randomUUID()), 404, "not_found");
		assertStatus(delete(team.owner(), invitations(team.id()) + "/" + id), 204);
		assertProblem(delete(team.owner(), invitations(team.id()) + "/" + id), 404, "not_found");
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token)), 400,
				"invalid_or_expired_token");
		assertThat(count("SELECT count(*) FROM auth.audit_logs WHERE event_type = 'invitation_revoked' AND workspace_id = ?",
				team.id())).isEqualTo(1);
	}

	@Test
	void acceptWhenExpiredThenInvalidOrExpiredToken() {
		Team team = team();
		String invitee = uniqueEmail("late");
		DemoClient.Response created = post(team.owner(), invitations(team.id()),
				DemoClient.json("email", invitee, "role", "member"));
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));
		this.jdbc.update("UPDATE auth.workspace_invitations SET expires_at = now() - interval '1 second' WHERE id = ?",
				UUID.fromString(created.json().get("invitationId").asString()));
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token)), 400,
				"invalid_or_expired_token");
		assertThat(get(team.owner(), invitations(team.id())).json().get("invitations")).isEmpty();
		assertThat(count("SELECT count(*) FROM auth.users WHERE email = ?", invitee)).isZero();
	}

	@Test
	void inviteWhenRecipientLimitReachedThenTooManyRequestsAndNoMoreMail() {
		Team team = team();
		String invitee = uniqueEmail("flooded");
		for (int i = 0; i < 3; i++) {
			assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", invitee, "role", "member")),
					201);
		}
		DemoClient.Response refused = post(team.admin(), invitations(team.id()),
				DemoClient.json("email", invitee, "role", "member"));
		assertProblem(refused, 429, "too_many_requests");
		TestMail.awaitMessages(invitee, 3);
		TestMail.sleep(300);
		assertThat(TestMail.messagesTo(invitee)).hasSize(3);
		assertThat(get(team.owner(), invitations(team.id())).json().get("invitations")).hasSize(3);
	}

	@Test
	void hostileInputThenClearFourHundreds() {
		Team team = team();
		Team other = team();
		String email = uniqueEmail("hostile");
		assertProblem(post(team.owner(), invitations(other.id()), DemoClient.json("email", email, "role", "member")), 403,
				"workspace_mismatch");
		assertProblem(post(team.owner(), "/auth/workspaces/' OR 1=1/invitations".replace(" ", "%20"),
				DemoClient.json("email", email, "role", "member")), 404, "not_found");
		for (String body : new String[] { DemoClient.json("email", email, "role", "superowner"),
				DemoClient.json("email", email, "role", "Owner"), DemoClient.json("email", email),
				DemoClient.json("role", "member"), DemoClient.json("email", "not-an-email", "role", "member") }) {
			assertProblem(post(team.owner(), invitations(team.id()), body), 400, "validation_failed");
		}
		assertProblem(post(team.owner(), invitations(team.id()), DemoClient.json("email", 42, "role", "member")), 400,
				"malformed_request");
		assertProblem(post(team.owner(), invitations(team.id()), "not json"), 400, "malformed_request");
		assertProblem(this.http.post("/auth/invitations/accept", DemoClient.json("token", "forged"), "Authorization",
				"Bearer " + team.owner().accessToken()), 400, "invalid_or_expired_token");
		assertProblem(this.http.post("/auth/invitations/accept", DemoClient.json("token", 7), "Authorization",
				"Bearer " + team.owner().accessToken()), 400, "malformed_request");
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", email, "password", PASSWORD, "invitationToken", "forged")), 400,
				"invalid_or_expired_token");
		assertThat(count("SELECT count(*) FROM auth.workspace_invitations WHERE workspace_id IN (?, ?)", team.id(),
				other.id())).isZero();
		assertThat(TestMail.messagesTo(email)).isEmpty();
	}

}
