package dev.systemauth.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protected route {@code GET /tenant/me}: token, workspace header and live membership, in the
 * contract's order, and the audit rows they leave.
 */
class TenancyTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "tenancy-passphrase";

	@Test
	void tenantMeWhenTokenHeaderAndMembershipMatchThenCallerAndAccessAudited() {
		Member member = memberOfTwoWorkspaces();
		DemoClient.Response response = tenantMe(member.tokensA().accessToken(), member.a());
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("ok").asBoolean()).isTrue();
		assertThat(body.get("auth").get("userId").asString()).isEqualTo(member.userId().toString());
		assertThat(body.get("auth").get("workspaceId").asString()).isEqualTo(member.a().toString());
		assertThat(body.get("auth").get("role").asString()).isEqualTo("owner");
		awaitAuditRows("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'access' AND outcome = 'success'
				AND user_id = ? AND workspace_id = ? AND details->>'route' = '/tenant/me'""", member.userId(), member.a());
	}

	@Test
	void tenantPingWhenTokenHeaderAndMembershipMatchThenCallerWithoutAuditRow() {
		Member member = memberOfTwoWorkspaces();
		String bearer = "Bearer " + member.tokensA().accessToken();
		DemoClient.Response response = this.http.get("/tenant/ping", "Authorization", bearer, WORKSPACE_HEADER,
				member.a().toString());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("auth").get("userId").asString()).isEqualTo(member.userId().toString());
		assertProblem(this.http.get("/tenant/ping", "Authorization", bearer, WORKSPACE_HEADER, member.b().id().toString()),
				403, "workspace_mismatch");
		assertProblem(this.http.get("/tenant/ping", WORKSPACE_HEADER, member.a().toString()), 401, "invalid_token");
		// the audited /tenant/me call is written (the writer is ordered), the unaudited ping is not
		assertThat(tenantMe(member.tokensA().accessToken(), member.a()).status()).isEqualTo(200);
		awaitAuditRows("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'access' AND user_id = ?
				AND details->>'route' = '/tenant/me'""", member.userId());
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'access' AND details->>'route' = '/tenant/ping'""",
				Long.class)).isZero();
	}

	@Test
	void publicPingWhenCalledThenSameShapeAsTenantMeWithoutAnyCaller() {
		JsonNode body = this.http.get("/public/ping").json();
		assertThat(body.get("ok").asBoolean()).isTrue();
		assertThat(body.get("auth").get("userId").asString()).isEqualTo("00000000-0000-0000-0000-000000000000");
		assertThat(body.get("auth").get("role").asString()).isEqualTo("guest");
	}

	@Test
	void tenantMeWhenHeaderNamesAnotherWorkspaceOfTheUserThenMismatchWithoutItsData() {
		Member member = memberOfTwoWorkspaces();
		DemoClient.Response response = tenantMe(member.tokensA().accessToken(), member.b().id());
		assertProblem(response, 403, "workspace_mismatch");
		assertThat(response.body()).doesNotContain(member.b().id().toString(), member.b().name(), member.b().slug(),
				member.a().toString(), member.userId().toString());
		awaitAuditRows("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'access_denied' AND outcome = 'denied'
				AND user_id = ? AND details->>'reason' = 'workspace_mismatch'""", member.userId());
	}

	@Test
	void tenantMeWhenWorkspaceHeaderMissingEmptyDuplicatedOrMalformedThenWorkspaceRequired() {
		Member member = memberOfTwoWorkspaces();
		String bearer = "Bearer " + member.tokensA().accessToken();
		String a = member.a().toString();
		assertProblem(this.http.get("/tenant/me", "Authorization", bearer), 400, "workspace_required");
		assertProblem(this.http.get("/tenant/me", "Authorization", bearer, WORKSPACE_HEADER, ""), 400,
				"workspace_required");
		assertProblem(this.http.get("/tenant/me", "Authorization", bearer, WORKSPACE_HEADER, a, WORKSPACE_HEADER, a), 400,
				"workspace_required");
		assertProblem(this.http.get("/tenant/me", "Authorization", bearer, WORKSPACE_HEADER, a, WORKSPACE_HEADER,
				member.b().id().toString()), 400, "workspace_required");
		for (String malformed : new String[] { "not-a-uuid", "' OR 1=1 --", a + "' OR '1'='1", a.replace("-", ""),
				"{" + a + "}", a + "," + a, "00000000-0000-0000-0000-00000000000g" }) {
			DemoClient.Response response = this.http.get("/tenant/me", "Authorization", bearer, WORKSPACE_HEADER,
					malformed);
			assertProblem(response, 400, "workspace_required");
			assertThat(response.body()).doesNotContain("OR 1=1", "SQL", "Exception");
		}
	}

	@Test
	void tenantMeWhenTokenMissingMalformedExpiredOrNotAnAccessTokenThenInvalidToken() {
		Member member = memberOfTwoWorkspaces();
		String a = member.a().toString();
		long now = Instant.now().getEpochSecond();
		UUID sid = sessionOf(member.tokensA());
		Map<String, Object> expired = claims(member.userId(), member.a(), sid, now - 7200, now - 3600, ISSUER, AUDIENCE);
		Map<String, Object> otherIssuer = claims(member.userId(), member.a(), sid, now, now + 600, "someone-else", AUDIENCE);
		Map<String, Object> otherAudience = claims(member.userId(), member.a(), sid, now, now + 600, ISSUER, "others");
		Map<String, Object> valid = claims(member.userId(), member.a(), sid, now, now + 600, ISSUER, AUDIENCE);
		assertThat(tenantMe(TestJwts.hs256(ACCESS_SECRET, valid), member.a()).status())
			.as("a token forged with the right secret is the control case")
			.isEqualTo(200);

		assertInvalidToken(this.http.get("/tenant/me", WORKSPACE_HEADER, a));
		for (String authorization : new String[] { "Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c",
				"Basic " + java.util.Base64.getEncoder().encodeToString("user:pass".getBytes()),
				member.tokensA().accessToken(), "Bearer " + TestJwts.hs256(ACCESS_SECRET, expired),
				"Bearer " + TestJwts.hs256(ACCESS_SECRET, otherIssuer),
				"Bearer " + TestJwts.hs256(ACCESS_SECRET, otherAudience),
				"Bearer " + TestJwts.hs256("a-different-secret-that-is-long-enough-0123456789", valid),
				"Bearer " + TestJwts.unsigned(valid), "Bearer " + member.tokensA().refreshToken(),
				"Bearer " + TestJwts.hs256(ACCESS_SECRET, withoutSid(valid)),
				"Bearer " + TestJwts.hs256(ACCESS_SECRET, claims(member.userId(), member.a(), UUID.randomUUID(), now,
						now + 600, ISSUER, AUDIENCE)),
				"Bearer " + member.tokensA().accessToken() + "x" }) {
			assertInvalidToken(this.http.get("/tenant/me", "Authorization", authorization, WORKSPACE_HEADER, a));
		}
		String bearer = "Bearer " + member.tokensA().accessToken();
		assertInvalidToken(
				this.http.get("/tenant/me", "Authorization", bearer, "Authorization", bearer, WORKSPACE_HEADER, a));
		assertThat(tenantMe(member.tokensA().accessToken(), member.a()).status()).isEqualTo(200);
	}

	@Test
	void protectedPathWhenSpeltDifferentlyOrOtherMethodThenNeverServedWithoutToken() {
		Member member = memberOfTwoWorkspaces();
		String a = member.a().toString();
		for (String path : new String[] { "/tenant/me/", "/tenant//me", "//tenant/me", "/tenant/./me",
				"/public/../tenant/me", "/tenant/me;x=1", "/tenant;x=1/me", "/%74enant/me", "/tenant/%6De",
				"/TENANT/me", "/tenant/me?x=1", "/tenant/me.json", "/tenant/me%2F", "/tenant/me%00",
				"/tenant/%2e/me" }) {
			DemoClient.Response response = this.http.get(path, WORKSPACE_HEADER, a);
			assertThat(response.status()).as("GET %s: %s", path, response).isNotEqualTo(200).isLessThan(500);
			assertThat(response.body()).as("GET %s", path).doesNotContain(member.userId().toString());
		}
		assertInvalidToken(this.http.send(this.http.request("/tenant/me", WORKSPACE_HEADER, a)
			.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())));
		assertInvalidToken(this.http.post("/tenant/me", "{}", WORKSPACE_HEADER, a));
		assertInvalidToken(this.http.get("/tenant/anything-else", WORKSPACE_HEADER, a));
		assertThat(this.http.get("/public/ping").status()).isEqualTo(200);
	}

	@Test
	void tenantMeWhenMembershipRemovedThenRefusedAtOnce() {
		Member member = memberOfTwoWorkspaces();
		assertThat(tenantMe(member.tokensA().accessToken(), member.a()).status()).isEqualTo(200);
		assertThat(this.workspaces.removeMember(member.a(), member.userId(), ClientInfo.SERVER)).isTrue();
		DemoClient.Response refused = tenantMe(member.tokensA().accessToken(), member.a());
		assertProblem(refused, 403, "membership_inactive");
		assertThat(refused.body()).doesNotContain("\"ok\"", member.userId().toString());
		awaitAuditRows("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'access_denied' AND outcome = 'denied'
				AND user_id = ? AND workspace_id = ? AND details->>'reason' = 'membership_inactive'""",
				member.userId(), member.a());
		assertThat(tenantMe(loginTo(member.email(), member.b().id()).accessToken(), member.b().id()).status())
			.as("the other workspace is unaffected")
			.isEqualTo(200);
	}

	@Test
	void refreshWhenMembershipRemovedThenMembershipInactive() {
		Member member = memberOfTwoWorkspaces();
		assertThat(this.workspaces.removeMember(member.a(), member.userId(), ClientInfo.SERVER)).isTrue();
		assertProblem(refresh(member.tokensA().refreshToken()), 403, "membership_inactive");
	}

	@Test
	void tenantMeWhenMembershipSuspendedThenRefusedUntilReactivated() {
		Member member = memberOfTwoWorkspaces();
		Tokens tokensB = loginTo(member.email(), member.b().id());
		assertThat(tenantMe(tokensB.accessToken(), member.b().id()).status()).isEqualTo(200);
		assertThat(this.workspaces.suspendMember(member.b().id(), member.userId(), ClientInfo.SERVER)).isTrue();
		assertProblem(tenantMe(tokensB.accessToken(), member.b().id()), 403, "membership_inactive");
		assertThat(tenantMe(member.tokensA().accessToken(), member.a()).status()).isEqualTo(200);
		assertThat(this.workspaces.reactivateMember(member.b().id(), member.userId(), ClientInfo.SERVER)).isTrue();
		// the suspension ended the member's sessions in that workspace: reactivation does not revive them
		assertInvalidToken(tenantMe(tokensB.accessToken(), member.b().id()));
		assertInvalidToken(refresh(tokensB.refreshToken()));
		Tokens fresh = loginTo(member.email(), member.b().id());
		DemoClient.Response again = tenantMe(fresh.accessToken(), member.b().id());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("auth").get("role").asString()).isEqualTo("member");
	}

	@Test
	void tenantMeWhenUserSuspendedThenMembershipInactiveAndRefreshRefused() {
		Member member = memberOfTwoWorkspaces();
		assertThat(this.userStatuses.changeStatus(member.userId(), UserStatus.SUSPENDED)).isTrue();
		assertProblem(tenantMe(member.tokensA().accessToken(), member.a()), 403, "membership_inactive");
		assertProblem(refresh(member.tokensA().refreshToken()), 403, "membership_inactive");
		DemoClient.Response login = this.http.post("/auth/login",
				DemoClient.json("email", member.email(), "password", PASSWORD, "workspaceId", member.a().toString()));
		assertProblem(login, 403, "account_disabled");
		assertThat(login.body()).doesNotContain("accessToken");
		// disabling the user ended every session: the old token can start none
		assertProblem(this.http.post("/auth/switch-workspace", DemoClient.json("workspaceId", member.b().id().toString()),
				"Authorization", "Bearer " + member.tokensA().accessToken()), 401, "invalid_token");
		assertThat(this.userStatuses.changeStatus(member.userId(), UserStatus.ACTIVE)).isTrue();
		assertInvalidToken(tenantMe(member.tokensA().accessToken(), member.a()));
		assertThat(tenantMe(loginTo(member.email(), member.a()).accessToken(), member.a()).status()).isEqualTo(200);
	}

	@Test
	void switchWorkspaceWhenMemberThenTokensForTheTargetElseMembershipInactive() {
		Member member = memberOfTwoWorkspaces();
		String bearer = "Bearer " + member.tokensA().accessToken();
		DemoClient.Response switched = this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", member.b().id().toString()), "Authorization", bearer);
		assertTokenResponse(switched);
		Tokens tokensB = Tokens.of(switched);
		assertThat(tokensB.workspaceId()).isEqualTo(member.b().id());
		assertThat(tokensB.userId()).isEqualTo(member.userId());
		assertThat(tenantMe(tokensB.accessToken(), member.b().id()).status()).isEqualTo(200);
		assertProblem(tenantMe(tokensB.accessToken(), member.a()), 403, "workspace_mismatch");
		assertTokenResponse(refresh(tokensB.refreshToken()));

		Workspace foreign = this.workspaces.createWorkspace("Foreign " + member.email(), null, ClientInfo.SERVER);
		DemoClient.Response refused = this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", foreign.id().toString()), "Authorization", bearer);
		assertProblem(refused, 403, "membership_inactive");
		assertThat(refused.body()).doesNotContain("accessToken", foreign.name());

		assertInvalidToken(this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", member.b().id().toString())));
		assertInvalidToken(this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", member.b().id().toString()), "Authorization",
				"Bearer " + member.tokensA().refreshToken()));
	}

	/** A verified user who owns workspace A (signed in there) and is a plain member of workspace B. */
	private Member memberOfTwoWorkspaces() {
		String email = uniqueEmail("tenant");
		Tokens tokensA = registerVerified(email, PASSWORD);
		Workspace b = this.workspaces.createWorkspace("Bravo " + UUID.randomUUID(), null, ClientInfo.SERVER);
		this.workspaces.addMember(b.id(), tokensA.userId(), MembershipRole.MEMBER, ClientInfo.SERVER);
		return new Member(email, tokensA.userId(), tokensA.workspaceId(), b, tokensA);
	}

	private Tokens loginTo(String email, UUID workspaceId) {
		DemoClient.Response response = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD, "workspaceId", workspaceId.toString()));
		assertTokenResponse(response);
		return Tokens.of(response);
	}

	private static Map<String, Object> claims(UUID userId, UUID workspaceId, UUID sessionId, long iat, long exp,
			String issuer, String audience) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", userId.toString());
		claims.put("user_id", userId.toString());
		claims.put("workspace_id", workspaceId.toString());
		claims.put("sid", sessionId.toString());
		claims.put("iss", issuer);
		claims.put("aud", audience);
		claims.put("iat", iat);
		claims.put("exp", exp);
		claims.put("jti", UUID.randomUUID().toString());
		return claims;
	}

	private static Map<String, Object> withoutSid(Map<String, Object> claims) {
		Map<String, Object> copy = new LinkedHashMap<>(claims);
		copy.remove("sid");
		return copy;
	}

	/** The {@code sid} claim of a token the app issued. */
	private static UUID sessionOf(Tokens tokens) {
		String payload = tokens.accessToken().split("\\.")[1];
		String json = new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
		return UUID.fromString(DemoClient.JSON.readTree(json).get("sid").asString());
	}

	private static void assertInvalidToken(DemoClient.Response response) {
		assertProblem(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
	}

	private void awaitAuditRows(String countSql, Object... args) {
		long deadline = System.nanoTime() + 5_000_000_000L;
		Long count = this.jdbc.queryForObject(countSql, Long.class, args);
		while (count == 0 && System.nanoTime() < deadline) {
			TestMail.sleep(50);
			count = this.jdbc.queryForObject(countSql, Long.class, args);
		}
		assertThat(count).as("audit rows for %s", countSql).isPositive();
	}

	/**
	 * A user with two workspaces.
	 *
	 * @param email the email
	 * @param userId the user
	 * @param a the workspace the user owns, where {@code tokensA} are bound
	 * @param b a second workspace, where the user is a member
	 * @param tokensA tokens for workspace A
	 */
	private record Member(String email, UUID userId, UUID a, Workspace b, Tokens tokensA) {
	}

}
