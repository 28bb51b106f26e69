package dev.systemauth.demo;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions over real HTTP (issue 10, High 1 and High 2): every access token carries {@code sid}, ending a
 * session refuses its access tokens at once, a workspace switch needs a live session, and the sessions routes.
 */
class SessionsTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "sessions-e2e-passphrase";

	@Test
	void loginWhenSucceededThenAccessTokenCarriesSid() {
		Tokens tokens = registerVerified(uniqueEmail("sid"), PASSWORD);
		JsonNode claims = TestJwts.claims(tokens.accessToken());
		assertThat(UUID.fromString(claims.get("sid").asString())).isEqualTo(currentSessionId(tokens));
	}

	/** The reproduced High 1: logout, then switch-workspace with the old access token. */
	@Test
	void switchWorkspaceWhenSessionLoggedOutThenInvalidTokenAndNoNewSession() {
		Tokens tokens = registerVerified(uniqueEmail("logout-switch"), PASSWORD);
		assertThat(this.http.post("/auth/logout", DemoClient.json("refreshToken", tokens.refreshToken())).status())
			.isEqualTo(204);
		assertProblem(refresh(tokens.refreshToken()), 401, "invalid_token");
		DemoClient.Response switched = switchWorkspace(tokens, tokens.workspaceId());
		assertProblem(switched, 401, "invalid_token");
		assertThat(switched.body()).doesNotContain("refreshToken");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.sessions WHERE user_id = ? AND revoked_at IS NULL", Integer.class,
				tokens.userId())).isZero();
	}

	@Test
	void tenantMeWhenSessionEndedThenAccessTokenRefusedAtOnce() {
		Tokens tokens = registerVerified(uniqueEmail("logout-me"), PASSWORD);
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		this.http.post("/auth/logout", DemoClient.json("refreshToken", tokens.refreshToken()));
		assertProblem(tenantMe(tokens.accessToken(), tokens.workspaceId()), 401, "invalid_token");
		assertProblem(this.http.get("/auth/sessions", bearer(tokens)), 401, "invalid_token");
	}

	@Test
	void switchWorkspaceWhenLiveThenBothTabsWorkAndTheChildEndsWithItsParent() {
		String email = uniqueEmail("two-tabs");
		Tokens tab1 = registerVerified(email, PASSWORD);
		Workspace second = this.workspaces.createWorkspace("Second " + email, null, ClientInfo.SERVER);
		this.workspaces.addMember(second.id(), tab1.userId(), MembershipRole.MEMBER, ClientInfo.SERVER);
		DemoClient.Response switched = switchWorkspace(tab1, second.id());
		assertTokenResponse(switched);
		Tokens tab2 = Tokens.of(switched);
		assertThat(tab2.workspaceId()).isEqualTo(second.id());
		assertThat(tenantMe(tab1.accessToken(), tab1.workspaceId()).status()).isEqualTo(200);
		assertThat(tenantMe(tab2.accessToken(), tab2.workspaceId()).status()).isEqualTo(200);
		Tokens tab2Refreshed = Tokens.of(refresh(tab2.refreshToken()));
		assertThat(tenantMe(tab2Refreshed.accessToken(), second.id()).status()).isEqualTo(200);

		this.http.post("/auth/logout", DemoClient.json("refreshToken", tab1.refreshToken()));
		assertProblem(tenantMe(tab2Refreshed.accessToken(), second.id()), 401, "invalid_token");
		assertProblem(refresh(tab2Refreshed.refreshToken()), 401, "invalid_token");
	}

	@Test
	void sessionsWhenListedThenTheCallersLiveSessionsWithDeviceAndCurrentFlag() {
		String email = uniqueEmail("list");
		Tokens first = registerVerified(email, PASSWORD);
		DemoClient.Response secondLogin = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD), "User-Agent", "SecondDevice/1.0");
		Tokens second = Tokens.of(secondLogin);
		Tokens stranger = registerVerified(uniqueEmail("list-stranger"), PASSWORD);

		DemoClient.Response listed = this.http.get("/auth/sessions", bearer(second));
		assertThat(listed.status()).as("%s", listed).isEqualTo(200);
		assertThat(listed.header("Cache-Control")).contains("no-store");
		List<JsonNode> sessions = new ArrayList<>();
		listed.json().get("sessions").forEach(sessions::add);
		assertThat(sessions).hasSize(2);
		assertThat(sessions).allSatisfy((session) -> {
			assertThat(session.propertyNames()).contains("id", "current", "workspaceId", "createdAt", "lastUsedAt",
					"ipAddress", "userAgent");
			assertThat(session.get("workspaceId").asString()).isEqualTo(first.workspaceId().toString());
		});
		JsonNode current = sessions.stream().filter((s) -> s.get("current").asBoolean()).findFirst().orElseThrow();
		assertThat(current.get("userAgent").asString()).isEqualTo("SecondDevice/1.0");
		assertThat(current.get("ipAddress").asString()).isNotBlank();
		assertThat(sessions.stream().filter((s) -> s.get("current").asBoolean())).hasSize(1);
		assertThat(listed.body()).doesNotContain(stranger.userId().toString(), first.refreshToken(),
				first.accessToken());
	}

	@Test
	void deleteSessionWhenOwnThenThatSessionsTokensStopAndTheOthersGoOn() {
		String email = uniqueEmail("delete");
		Tokens first = registerVerified(email, PASSWORD);
		Tokens second = login(email, PASSWORD);
		UUID firstId = currentSessionId(first);
		assertThat(delete("/auth/sessions/" + firstId, second).status()).isEqualTo(204);
		assertProblem(tenantMe(first.accessToken(), first.workspaceId()), 401, "invalid_token");
		assertProblem(refresh(first.refreshToken()), 401, "invalid_token");
		assertThat(tenantMe(second.accessToken(), second.workspaceId()).status()).isEqualTo(200);
		assertProblem(delete("/auth/sessions/" + firstId, second), 404, "not_found");
	}

	@Test
	void deleteSessionWhenNotTheCallersThenNotFoundAndNothingEnds() {
		Tokens mine = registerVerified(uniqueEmail("delete-mine"), PASSWORD);
		Tokens theirs = registerVerified(uniqueEmail("delete-theirs"), PASSWORD);
		UUID theirId = currentSessionId(theirs);
		for (String id : new String[] { theirId.toString(), UUID.randomUUID().toString(), "not-a-uuid",
				theirId.toString().toUpperCase(java.util.Locale.ROOT) + "0", "%2e%2e" }) {
			assertProblem(delete("/auth/sessions/" + id, mine), 404, "not_found");
		}
		assertThat(tenantMe(theirs.accessToken(), theirs.workspaceId()).status()).isEqualTo(200);
		assertProblem(delete("/auth/sessions/" + theirId, null), 401, "invalid_token");
	}

	@Test
	void logoutAllWhenCalledThenEverySessionOfTheUserEnds() {
		String email = uniqueEmail("logout-all");
		Tokens first = registerVerified(email, PASSWORD);
		Tokens second = login(email, PASSWORD);
		Tokens other = registerVerified(uniqueEmail("logout-all-other"), PASSWORD);
		assertProblem(this.http.post("/auth/logout-all", "{}"), 401, "invalid_token");
		assertThat(this.http.post("/auth/logout-all", "{}", bearer(first)).status()).isEqualTo(204);
		for (Tokens ended : List.of(first, second)) {
			assertProblem(tenantMe(ended.accessToken(), ended.workspaceId()), 401, "invalid_token");
			assertProblem(refresh(ended.refreshToken()), 401, "invalid_token");
		}
		assertThat(tenantMe(other.accessToken(), other.workspaceId()).status()).isEqualTo(200);
	}

	@Test
	void resetPasswordWhenCompletedThenEveryAccessTokenOfTheUserRefused() {
		String email = uniqueEmail("reset-ends");
		Tokens tokens = registerVerified(email, PASSWORD);
		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
		String token = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		assertThat(this.http.post("/auth/reset-password", DemoClient.json("token", token, "password",
				"a-new-" + PASSWORD)).status()).isEqualTo(204);
		assertProblem(tenantMe(tokens.accessToken(), tokens.workspaceId()), 401, "invalid_token");
		assertProblem(switchWorkspace(tokens, tokens.workspaceId()), 401, "invalid_token");
	}

	@Test
	void refreshReuseWhenDetectedThenAccessTokensOfTheSessionRefused() {
		Tokens tokens = registerVerified(uniqueEmail("reuse-ends"), PASSWORD);
		Tokens rotated = Tokens.of(refresh(tokens.refreshToken()));
		assertProblem(refresh(tokens.refreshToken()), 401, "invalid_token");
		assertProblem(tenantMe(rotated.accessToken(), rotated.workspaceId()), 401, "invalid_token");
		assertProblem(tenantMe(tokens.accessToken(), tokens.workspaceId()), 401, "invalid_token");
	}

	@Test
	void userDisabledWhenStatusChangedThenAccessTokensRefused() {
		Tokens tokens = registerVerified(uniqueEmail("disabled"), PASSWORD);
		this.userStatuses.changeStatus(tokens.userId(), UserStatus.SUSPENDED);
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isIn(401, 403);
		assertProblem(this.http.get("/auth/sessions", bearer(tokens)), 401, "invalid_token");
	}

	/** The reproduced High 2: a squatter's password must not open the account the victim proved by magic link. */
	@Test
	void magicLinkWhenSquatterSignedUpWithTheVictimsAddressThenSquattersPasswordAndSessionsDie() {
		String victim = uniqueEmail("victim");
		signup(victim, "squatters-own-passphrase");
		TestMail.awaitMessage(victim, 1);
		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", victim)).status())
			.isEqualTo(202);
		DemoClient.Response consumed = this.http.post("/auth/magic-link/consume",
				DemoClient.json("token", TestMail.linkToken(TestMail.awaitMessage(victim, 2))));
		assertTokenResponse(consumed);
		assertProblem(this.http.post("/auth/login",
				DemoClient.json("email", victim, "password", "squatters-own-passphrase")), 401, "invalid_credentials");
		Tokens owner = Tokens.of(consumed);
		assertThat(tenantMe(owner.accessToken(), owner.workspaceId()).status()).isEqualTo(200);
	}

	private UUID currentSessionId(Tokens tokens) {
		DemoClient.Response listed = this.http.get("/auth/sessions", bearer(tokens));
		assertThat(listed.status()).as("%s", listed).isEqualTo(200);
		for (JsonNode session : listed.json().get("sessions")) {
			if (session.get("current").asBoolean()) {
				return UUID.fromString(session.get("id").asString());
			}
		}
		throw new AssertionError("no current session in " + listed);
	}

	private DemoClient.Response switchWorkspace(Tokens tokens, UUID workspaceId) {
		return this.http.post("/auth/switch-workspace", DemoClient.json("workspaceId", workspaceId.toString()),
				bearer(tokens));
	}

	private DemoClient.Response delete(String path, Tokens tokens) {
		HttpRequest.Builder request = (tokens != null) ? this.http.request(path, bearer(tokens))
				: this.http.request(path);
		return this.http.send(request.DELETE());
	}

	private static String[] bearer(Tokens tokens) {
		return new String[] { "Authorization", "Bearer " + tokens.accessToken() };
	}
}
