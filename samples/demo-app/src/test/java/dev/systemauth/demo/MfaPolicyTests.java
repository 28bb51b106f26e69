package dev.systemauth.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.Totp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-workspace MFA policy over real HTTP (issue 13, "Workspace policy"): who may set it, what turning it
 * on does to live sessions, the enrolment-only answer of a sign-in, enrolling and confirming with the
 * enrolment token (once, with one winner), what that token cannot do, and the switch, invitation and disable
 * paths. TOTP codes are computed from the enrolled secret for increasing steps, so nothing waits for the clock.
 */
class MfaPolicyTests extends AbstractWorkspaceAdminTests {

	@Test
	void patchWhenOwnerHasNoSecondFactorThenMfaNotEnabledAndNothingChanges() {
		Team team = team();
		assertProblem(patchPolicy(team.owner(), true), 409, "mfa_not_enabled");
		assertThat(policyOf(team.member())).isFalse();
		assertStatus(tenantMe(team.member().accessToken(), team.id()), 200);
	}

	@Test
	void patchWhenAdminOrMemberThenForbiddenRole() {
		Team team = team();
		enrol(team.admin(), -1);
		assertProblem(patchPolicy(team.admin(), true), 403, "forbidden_role");
		assertProblem(patchPolicy(team.member(), true), 403, "forbidden_role");
		assertThat(policyOf(team.owner())).isFalse();
	}

	@Test
	void patchWhenBadInputThenStableCodes() {
		Team team = team();
		String path = workspace(team.id());
		assertProblem(patch(team.owner(), path, "{}"), 400, "validation_failed");
		assertProblem(patch(team.owner(), path, "{\"mfaRequired\": \"yes\"}"), 400, "malformed_request");
		assertProblem(patch(team.owner(), path, "[]"), 400, "malformed_request");
		assertProblem(this.http.send(this.http.request(path, "Authorization", "Bearer " + team.owner().accessToken(),
				WORKSPACE_HEADER, UUID.randomUUID().toString())
			.header("Content-Type", "application/json")
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"mfaRequired\": false}"))), 403,
				"workspace_mismatch");
		assertProblem(this.http.get(path), 401, "invalid_token");
	}

	@Test
	void getWhenAnyActiveMemberThenWorkspaceNameAndPolicy() {
		Team team = team();
		DemoClient.Response read = get(team.member(), workspace(team.id()));
		assertStatus(read, 200);
		assertThat(read.json().propertyNames()).containsExactlyInAnyOrder("workspaceId", "name", "mfaRequired");
		assertThat(read.json().get("workspaceId").asString()).isEqualTo(team.id().toString());
		assertThat(read.json().get("mfaRequired").asBoolean()).isFalse();
	}

	@Test
	void patchWhenOwnerRequiresMfaThenMembersWithoutItLoseTheirSessionsAtOnceAndTheOthersKeepTheirs() {
		Team team = team();
		enrol(team.owner(), -1);
		enrol(team.admin(), -1);
		Tokens memberElsewhere = loginTo(emailOf(team.member()), ownWorkspaceOf(team.member()));

		DemoClient.Response changed = patchPolicy(team.owner(), true);
		assertStatus(changed, 200);
		assertThat(changed.json().propertyNames()).containsExactlyInAnyOrder("workspaceId", "mfaRequired");
		assertThat(changed.json().get("mfaRequired").asBoolean()).isTrue();
		assertThat(policyOf(team.admin())).isTrue();

		// the member without a second factor: refused at once, and the refresh token is dead
		assertProblem(tenantMe(team.member().accessToken(), team.id()), 401, "invalid_token");
		assertProblem(refresh(team.member().refreshToken()), 401, "invalid_token");
		// the owner and the admin keep their sessions; the member keeps the one in another workspace
		assertStatus(tenantMe(team.owner().accessToken(), team.id()), 200);
		assertStatus(tenantMe(team.admin().accessToken(), team.id()), 200);
		assertStatus(refresh(team.admin().refreshToken()), 200);
		assertStatus(tenantMe(memberElsewhere.accessToken(), memberElsewhere.workspaceId()), 200);
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'workspace_mfa_policy_changed'
				AND workspace_id = ? AND user_id = ? AND details->>'by' = ? AND details->>'mfaRequired' = 'true'""",
				team.id(), team.owner().userId(), team.owner().userId().toString())).isEqualTo(1);
		assertThat(count("""
				SELECT count(*) FROM auth.sessions WHERE workspace_id = ? AND user_id = ? AND revoked_reason = 'mfa_required'""",
				team.id(), team.member().userId())).isEqualTo(1);

		// turning it off again lets the member in with a password only
		assertStatus(patchPolicy(team.owner(), false), 200);
		assertTokenResponse(this.http.post("/auth/login", DemoClient.json("email", emailOf(team.member()), "password",
				PASSWORD, "workspaceId", team.id().toString())));
	}

	@Test
	void loginWhenWorkspaceRequiresMfaAndUserHasNoneThenEnrolmentTokenWhichEnrolsAndConfirmsIntoAnOrdinarySession() {
		Team team = requiringTeam();
		DemoClient.Response login = loginResponse(team.member(), team.id());
		assertStatus(login, 200);
		assertThat(login.header("Cache-Control")).contains("no-store");
		assertThat(login.json().propertyNames()).containsExactlyInAnyOrder("mfaEnrolmentRequired", "enrolmentToken",
				"expiresIn");
		assertThat(login.json().get("mfaEnrolmentRequired").asBoolean()).isTrue();
		assertThat(login.json().get("expiresIn").asLong()).isEqualTo(600);
		String enrolmentToken = login.json().get("enrolmentToken").asString();
		assertThat(enrolmentToken).matches("[A-Za-z0-9_-]{43}");
		assertThat(count("SELECT count(*) FROM auth.mfa_enrolment_tokens WHERE token_hash = ?", enrolmentToken))
			.isZero();

		DemoClient.Response first = enrollWith(enrolmentToken);
		assertStatus(first, 200);
		assertThat(first.header("Cache-Control")).contains("no-store");
		DemoClient.Response again = enrollWith(enrolmentToken);
		assertStatus(again, 200);
		String secret = again.json().get("secret").asString();
		assertThat(secret).isNotEqualTo(first.json().get("secret").asString());
		assertThat(again.json().get("otpauthUri").asString()).startsWith("otpauth://totp/");

		assertProblem(confirmWith(enrolmentToken, "000000x"), 400, "invalid_code");
		assertProblem(confirmWith(enrolmentToken, code(first.json().get("secret").asString(), 0)), 400,
				"invalid_code");
		DemoClient.Response confirmed = confirmWith(enrolmentToken, code(secret, -1));
		assertStatus(confirmed, 200);
		assertThat(confirmed.header("Cache-Control")).contains("no-store");
		assertThat(confirmed.json().propertyNames()).containsExactlyInAnyOrder("recoveryCodes", "accessToken",
				"refreshToken", "tokenType", "expiresIn", "userId", "workspaceId");
		assertThat(confirmed.json().get("recoveryCodes")).hasSize(10);
		Tokens session = Tokens.of(confirmed);
		assertThat(session.workspaceId()).isEqualTo(team.id());
		assertThat(session.userId()).isEqualTo(team.member().userId());
		assertStatus(tenantMe(session.accessToken(), team.id()), 200);
		String sid = TestJwts.claims(session.accessToken()).get("sid").asString();
		assertThat(this.http.get("/auth/sessions", "Authorization", "Bearer " + session.accessToken()).body())
			.contains(sid);
		assertStatus(refresh(session.refreshToken()), 200);

		// single use
		assertProblem(confirmWith(enrolmentToken, code(secret, 0)), 401, "invalid_token");
		assertProblem(enrollWith(enrolmentToken), 401, "invalid_token");
		// from now on the member has a second factor: the ordinary challenge
		DemoClient.Response next = loginResponse(team.member(), team.id());
		assertStatus(next, 200);
		assertThat(next.json().get("mfaRequired").asBoolean()).isTrue();
		assertThat(next.json().has("enrolmentToken")).isFalse();
		assertThat(count("SELECT count(*) FROM auth.audit_logs WHERE details::text LIKE ?", "%" + enrolmentToken + "%"))
			.isZero();
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND workspace_id = ?
				AND event_type IN ('mfa_enrolment_required', 'mfa_confirmed', 'mfa_verified') AND outcome = 'success'""",
				team.member().userId(), team.id())).isEqualTo(3);
	}

	@Test
	void consumeMagicLinkWhenWorkspaceRequiresMfaAndUserHasNoneThenTheEnrolmentAnswer() {
		Team team = requiringTeam();
		String email = emailOf(team.member());
		int before = TestMail.messagesTo(email).size();
		assertStatus(this.http.post("/auth/magic-link/request",
				DemoClient.json("email", email, "workspaceId", team.id().toString())), 202);
		String magicToken = TestMail.linkToken(TestMail.awaitMessage(email, before + 1));
		DemoClient.Response consumed = this.http.post("/auth/magic-link/consume", DemoClient.json("token", magicToken));
		assertStatus(consumed, 200);
		assertThat(consumed.json().propertyNames()).containsExactlyInAnyOrder("mfaEnrolmentRequired", "enrolmentToken",
				"expiresIn");
	}

	@Test
	void enrolmentTokenWhenPresentedAnywhereElseThenRefused() {
		Team team = requiringTeam();
		String enrolmentToken = enrolmentToken(team.member(), team.id());
		String[] asBearer = { "Authorization", "Bearer " + enrolmentToken, WORKSPACE_HEADER, team.id().toString() };
		assertProblem(this.http.get("/tenant/me", asBearer), 401, "invalid_token");
		assertProblem(this.http.get("/auth/sessions", asBearer), 401, "invalid_token");
		assertProblem(this.http.post("/auth/logout-all", "{}", asBearer), 401, "invalid_token");
		assertProblem(this.http.get(workspace(team.id()), asBearer), 401, "invalid_token");
		assertProblem(this.http.post("/auth/switch-workspace", DemoClient.json("workspaceId", team.id().toString()),
				asBearer), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/totp/enroll", "{}", asBearer), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/totp/enroll", DemoClient.json("enrolmentToken", enrolmentToken),
				asBearer), 401, "invalid_token");
		assertProblem(refresh(enrolmentToken), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/verify", DemoClient.json("mfaToken", enrolmentToken, "code", "123456")),
				401, "invalid_token");
		assertProblem(this.http.post("/auth/magic-link/consume", DemoClient.json("token", enrolmentToken)), 401,
				"invalid_token");
		// and still good for what it is for
		assertStatus(enrollWith(enrolmentToken), 200);
		assertProblem(enrollWith("no-such-token"), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/totp/confirm", DemoClient.json("code", "123456")), 401,
				"invalid_token");
	}

	@Test
	void confirmWhenOneEnrolmentTokenUsedConcurrentlyThenExactlyOneSession() throws Exception {
		Team team = requiringTeam();
		String enrolmentToken = enrolmentToken(team.member(), team.id());
		String secret = enrollWith(enrolmentToken).json().get("secret").asString();
		String code = code(secret, 0);
		List<Supplier<DemoClient.Response>> calls = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			DemoClient client = new DemoClient(this.port);
			calls.add(() -> client.post("/auth/mfa/totp/confirm",
					DemoClient.json("enrolmentToken", enrolmentToken, "code", code)));
		}
		@SuppressWarnings("unchecked")
		List<DemoClient.Response> answers = concurrently(calls.toArray(new Supplier[0]));
		assertThat(answers).filteredOn((r) -> r.status() == 200).hasSize(1);
		assertThat(answers).filteredOn((r) -> r.status() != 200)
			.allSatisfy((r) -> assertThat(r.code()).isIn("invalid_token", "invalid_code"));
		assertThat(count("SELECT count(*) FROM auth.sessions WHERE user_id = ? AND workspace_id = ? AND revoked_at IS NULL",
				team.member().userId(), team.id())).isEqualTo(1);
	}

	@Test
	void confirmWhenFiveWrongCodesThenTheEnrolmentTokenIsDead() {
		Team team = requiringTeam();
		String enrolmentToken = enrolmentToken(team.member(), team.id());
		String secret = enrollWith(enrolmentToken).json().get("secret").asString();
		for (int i = 0; i < 5; i++) {
			assertProblem(confirmWith(enrolmentToken, "999999x"), 400, "invalid_code");
		}
		assertProblem(confirmWith(enrolmentToken, code(secret, 0)), 401, "invalid_token");
		assertProblem(enrollWith(enrolmentToken), 401, "invalid_token");
	}

	@Test
	void loginWhenUserHasASecondFactorThenTheOrdinaryChallenge() {
		Team team = team();
		enrol(team.owner(), -1);
		String adminSecret = enrol(team.admin(), -1);
		assertStatus(patchPolicy(team.owner(), true), 200);
		DemoClient.Response login = loginResponse(team.admin(), team.id());
		assertStatus(login, 200);
		assertThat(login.json().propertyNames()).containsExactlyInAnyOrder("mfaRequired", "mfaToken", "expiresIn",
				"methods");
		assertTokenResponse(this.http.post("/auth/mfa/verify",
				DemoClient.json("mfaToken", login.json().get("mfaToken").asString(), "code", code(adminSecret, 0))));
	}

	@Test
	void switchWhenTargetRequiresMfaAndUserHasNoneThenMfaEnrolmentRequired() {
		Team team = requiringTeam();
		Tokens own = loginTo(emailOf(team.member()), ownWorkspaceOf(team.member()));
		DemoClient.Response refused = this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", team.id().toString()), "Authorization", "Bearer " + own.accessToken());
		assertProblem(refused, 403, "mfa_enrolment_required");
		assertThat(count("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'workspace_switched' AND outcome = 'denied'
				AND user_id = ? AND details->>'reason' = 'mfa_enrolment_required'""", own.userId())).isEqualTo(1);
		// with a second factor the switch works
		enrol(own, -1);
		assertTokenResponse(this.http.post("/auth/switch-workspace", DemoClient.json("workspaceId", team.id().toString()),
				"Authorization", "Bearer " + own.accessToken()));
	}

	@Test
	void acceptInvitationWhenWorkspaceRequiresMfaAndCallerHasNoneThenRefusedAndTheInvitationStaysPending() {
		Team team = requiringTeam();
		String email = uniqueEmail("policy-invitee");
		Tokens own = registerVerified(email, PASSWORD);
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", email, "role", "member")), 201);
		String token = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		assertProblem(this.http.post("/auth/invitations/accept", DemoClient.json("token", token), "Authorization",
				"Bearer " + own.accessToken()), 403, "mfa_enrolment_required");
		assertThat(count("SELECT count(*) FROM auth.workspace_members WHERE workspace_id = ? AND user_id = ?", team.id(),
				own.userId())).isZero();
		enrol(own, -1);
		DemoClient.Response accepted = this.http.post("/auth/invitations/accept", DemoClient.json("token", token),
				"Authorization", "Bearer " + own.accessToken());
		assertTokenResponse(accepted);
		assertThat(Tokens.of(accepted).workspaceId()).isEqualTo(team.id());
	}

	@Test
	void signupWithInvitationWhenWorkspaceRequiresMfaThenEnrolmentAnswerInsteadOfTokens() {
		Team team = requiringTeam();
		String invitee = uniqueEmail("policy-signup");
		assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", invitee, "role", "member")), 201);
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));
		DemoClient.Response signup = this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token));
		assertStatus(signup, 201);
		assertThat(signup.header("Cache-Control")).contains("no-store");
		assertThat(signup.json().propertyNames()).containsExactlyInAnyOrder("userId", "workspaceId",
				"emailVerificationRequired", "mfaEnrolmentRequired", "enrolmentToken", "expiresIn");
		assertThat(signup.json().get("expiresIn").asLong()).isEqualTo(600);
		String enrolmentToken = signup.json().get("enrolmentToken").asString();
		String secret = enrollWith(enrolmentToken).json().get("secret").asString();
		DemoClient.Response confirmed = confirmWith(enrolmentToken, code(secret, 0));
		assertStatus(confirmed, 200);
		assertThat(Tokens.of(confirmed).workspaceId()).isEqualTo(team.id());
		assertStatus(tenantMe(Tokens.of(confirmed).accessToken(), team.id()), 200);
	}

	@Test
	void disableWhenAWorkspaceOfTheUserRequiresMfaThenMfaRequiredByWorkspace() {
		Team team = team();
		String secret = enrol(team.owner(), -1);
		assertStatus(patchPolicy(team.owner(), true), 200);
		assertProblem(this.http.post("/auth/mfa/disable", DemoClient.json("code", code(secret, 0)), "Authorization",
				"Bearer " + team.owner().accessToken()), 409, "mfa_required_by_workspace");
		assertThat(count("SELECT count(*) FROM auth.mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL",
				team.owner().userId())).isEqualTo(1);
		assertStatus(patchPolicy(team.owner(), false), 200);
		assertStatus(this.http.post("/auth/mfa/disable", DemoClient.json("code", code(secret, 1)), "Authorization",
				"Bearer " + team.owner().accessToken()), 204);
	}

	/** A team whose owner has a second factor and requires one; the admin and the member have none. */
	private Team requiringTeam() {
		Team team = team();
		enrol(team.owner(), -1);
		assertStatus(patchPolicy(team.owner(), true), 200);
		return team;
	}

	/** Enrols and confirms TOTP with the bearer routes; returns the secret. */
	private String enrol(Tokens tokens, int offset) {
		String[] bearer = { "Authorization", "Bearer " + tokens.accessToken() };
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll", "{}", bearer);
		assertStatus(enrolled, 200);
		String secret = enrolled.json().get("secret").asString();
		assertStatus(this.http.post("/auth/mfa/totp/confirm", DemoClient.json("code", code(secret, offset)), bearer),
				200);
		return secret;
	}

	private DemoClient.Response patchPolicy(Tokens caller, boolean required) {
		return patch(caller, workspace(caller.workspaceId()), "{\"mfaRequired\": " + required + "}");
	}

	private boolean policyOf(Tokens caller) {
		DemoClient.Response read = get(caller, workspace(caller.workspaceId()));
		assertStatus(read, 200);
		return read.json().get("mfaRequired").asBoolean();
	}

	private DemoClient.Response loginResponse(Tokens user, UUID workspaceId) {
		return this.http.post("/auth/login", DemoClient.json("email", emailOf(user), "password", PASSWORD,
				"workspaceId", workspaceId.toString()));
	}

	private String enrolmentToken(Tokens user, UUID workspaceId) {
		DemoClient.Response login = loginResponse(user, workspaceId);
		assertStatus(login, 200);
		assertThat(login.json().get("mfaEnrolmentRequired").asBoolean()).isTrue();
		return login.json().get("enrolmentToken").asString();
	}

	private DemoClient.Response enrollWith(String enrolmentToken) {
		return this.http.post("/auth/mfa/totp/enroll", DemoClient.json("enrolmentToken", enrolmentToken));
	}

	private DemoClient.Response confirmWith(String enrolmentToken, String code) {
		return this.http.post("/auth/mfa/totp/confirm",
				DemoClient.json("enrolmentToken", enrolmentToken, "code", code));
	}

	private String emailOf(Tokens user) {
		return this.jdbc.queryForObject("SELECT email FROM auth.users WHERE id = ?", String.class, user.userId());
	}

	/** The workspace the user created at signup (where they are the owner). */
	private UUID ownWorkspaceOf(Tokens user) {
		return this.jdbc.queryForObject(
				"SELECT workspace_id FROM auth.workspace_members WHERE user_id = ? AND role = 'owner'", UUID.class,
				user.userId());
	}

	private static String workspace(UUID workspaceId) {
		return "/auth/workspaces/" + workspaceId;
	}

	/** The code of the current step plus {@code offset} (within the ±1 window). */
	private static String code(String secret, int offset) {
		return Totp.code(Base32.decode(secret), Totp.step(Instant.now()) + offset, Totp.DIGITS);
	}

}
