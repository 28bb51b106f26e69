package dev.systemauth.secured;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.WorkspaceService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secured sample as it ships: the host's own catch-all chain (HTTP basic, CSRF on, operators on
 * {@code /internal/**}) and method security, with the starter's chain before it. The starter's routes need
 * neither a CSRF token nor basic credentials; its protected paths take its access token, with the
 * workspace checks' problem answers; roles reach {@code @PreAuthorize}; the host's CORS policy applies to
 * them; and the host's routes keep the host's rules, where the starter's token counts for nothing.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostChainTests extends SecuredAppTestSupport {

	private static final String PASSWORD = "secured-sample-" + UUID.randomUUID();

	private static final String FRONT_END = "http://localhost:3000";

	@Autowired
	WorkspaceService workspaces;

	@Autowired
	@Qualifier("authWorkspaceFilter")
	FilterRegistrationBean<?> workspaceFilter;

	@Test
	void authRoutesWhenNoCsrfTokenAndNoBasicCredentialsThenServed() {
		String email = uniqueEmail("owner");
		Session signup = signup(email, PASSWORD);
		Session login = login(email, PASSWORD, signup.workspaceId());
		Response refresh = post("/auth/refresh", json("refreshToken", login.refreshToken()));
		assertThat(refresh.status()).as("refresh %s", refresh).isEqualTo(200);
		Response logout = post("/auth/logout", json("refreshToken", Session.of(refresh).refreshToken()));
		assertThat(logout.status()).as("logout %s", logout).isEqualTo(204);
	}

	@Test
	void authRoutesWhenRefusedThenStarterProblemNotBasicChallenge() {
		Response response = post("/auth/login", json("email", uniqueEmail("nobody"), "password", PASSWORD));
		assertProblem(response, 401, "invalid_credentials");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void protectedPathWhenStarterTokenThenBothPrincipalsAndRoleAuthority() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		Response response = getAs(owner, "/app/me");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		JsonNode body = response.json();
		for (String reader : new String[] { "principal", "current" }) {
			assertThat(body.get(reader).get("userId").asString()).as(reader).isEqualTo(owner.userId().toString());
			assertThat(body.get(reader).get("workspaceId").asString()).as(reader)
				.isEqualTo(owner.workspaceId().toString());
			assertThat(body.get(reader).get("role").asString()).as(reader).isEqualTo("owner");
		}
		assertThat(body.get("name").asString()).isEqualTo(owner.userId().toString());
		assertThat(body.get("authorities").values()).extracting(JsonNode::asString).containsExactly("ROLE_OWNER");
	}

	@Test
	void protectedPathWhenNoTokenThenInvalidTokenProblem() {
		Response response = get("/app/projects");
		assertProblem(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void protectedPathWhenBasicCredentialsInsteadOfTokenThenInvalidToken() {
		assertProblem(get("/app/projects", "Authorization", basic("operator", OPERATOR_PASSWORD)), 401,
				"invalid_token");
	}

	@Test
	void protectedPathWhenWorkspaceChecksFailThenTheirCodesInOrder() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		String bearer = "Bearer " + owner.accessToken();
		assertProblem(get("/app/projects", "Authorization", bearer), 400, "workspace_required");
		assertProblem(get("/app/projects", "Authorization", bearer, "x-workspace-id", UUID.randomUUID().toString()),
				403, "workspace_mismatch");
		assertProblem(get("/app/projects", "Authorization", "Bearer not-a-token", "x-workspace-id",
				owner.workspaceId().toString()), 401, "invalid_token");
		this.workspaces.suspendMember(owner.workspaceId(), owner.userId(), ClientInfo.SERVER);
		assertProblem(getAs(owner, "/app/projects"), 403, "membership_inactive");
	}

	@Test
	void protectedPathWhenSessionEndedThenInvalidToken() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		assertThat(getAs(owner, "/app/projects").status()).isEqualTo(200);
		Response logout = post("/auth/logout", json("refreshToken", owner.refreshToken()));
		assertThat(logout.status()).as("logout %s", logout).isEqualTo(204);
		assertProblem(getAs(owner, "/app/projects"), 401, "invalid_token");
	}

	@Test
	void protectedPathWhenStarterChainActiveThenServletWorkspaceFilterStandsDown() {
		assertThat(this.workspaceFilter.isEnabled()).as("the chain checks /app/**; a second check would double it")
			.isFalse();
	}

	@Test
	void sessionRoutesWhenBearerAndNoCsrfTokenThenServed() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		Response sessions = get("/auth/sessions", "Authorization", "Bearer " + owner.accessToken());
		assertThat(sessions.status()).as("%s", sessions).isEqualTo(200);
		Response logoutAll = post("/auth/logout-all", "{}", "Authorization", "Bearer " + owner.accessToken());
		assertThat(logoutAll.status()).as("%s", logoutAll).isEqualTo(204);
		assertProblem(get("/auth/sessions", "Authorization", "Bearer " + owner.accessToken()), 401, "invalid_token");
	}

	@Test
	void preAuthorizeWhenOwnerThenAllowed() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		Response response = post("/app/billing", "{}", "Authorization", "Bearer " + owner.accessToken(),
				"x-workspace-id", owner.workspaceId().toString());
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("updatedBy").asString()).isEqualTo(owner.userId().toString());
	}

	@Test
	void preAuthorizeWhenMemberThenAccessDeniedProblem() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		String memberEmail = uniqueEmail("member");
		Session ownSignup = signup(memberEmail, PASSWORD);
		this.workspaces.addMember(owner.workspaceId(), ownSignup.userId(), MembershipRole.MEMBER, ClientInfo.SERVER);
		Session member = login(memberEmail, PASSWORD, owner.workspaceId());

		Response me = getAs(member, "/app/me");
		assertThat(me.status()).as("%s", me).isEqualTo(200);
		assertThat(me.json().get("authorities").values()).extracting(JsonNode::asString)
			.containsExactly("ROLE_MEMBER");
		Response billing = post("/app/billing", "{}", "Authorization", "Bearer " + member.accessToken(),
				"x-workspace-id", member.workspaceId().toString());
		assertProblem(billing, 403, "access_denied");
	}

	@Test
	void corsPreflightWhenHostsFrontEndThenAllowedByHostsPolicy() {
		for (String path : new String[] { "/auth/login", "/app/projects" }) {
			Response response = options(path, "Origin", FRONT_END, "Access-Control-Request-Method", "POST",
					"Access-Control-Request-Headers", "authorization,content-type,x-workspace-id");
			assertThat(response.status()).as("preflight %s: %s", path, response).isEqualTo(200);
			assertThat(response.header("Access-Control-Allow-Origin")).as(path).isEqualTo(FRONT_END);
		}
	}

	@Test
	void corsPreflightWhenOtherOriginThenRefused() {
		Response response = options("/auth/login", "Origin", "https://evil.example", "Access-Control-Request-Method",
				"POST");
		assertThat(response.status()).as("%s", response).isEqualTo(403);
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void optionsWhenNotCorsPreflightThenProtectedPathStillNeedsToken() {
		assertProblem(options("/app/projects"), 401, "invalid_token");
	}

	@Test
	void hostRoutesWhenNoCredentialsThenHostBasicChallenge() {
		for (String path : new String[] { "/internal/status", "/hello" }) {
			Response response = get(path);
			assertThat(response.status()).as("GET %s", path).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).as("GET %s", path).startsWith("Basic");
		}
	}

	@Test
	void hostRoutesWhenBasicCredentialsThenServed() {
		Response response = get("/internal/status", "Authorization", basic("operator", OPERATOR_PASSWORD));
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("operator").asString()).isEqualTo("operator");
		assertThat(get("/hello", "Authorization", basic("operator", OPERATOR_PASSWORD)).status()).isEqualTo(200);
	}

	@Test
	void hostRoutesWhenStarterTokenThenRefused() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		assertThat(getAs(owner, "/internal/status").status()).isEqualTo(401);
		assertThat(getAs(owner, "/hello").status()).isEqualTo(401);
	}

	@Test
	void hostRoutesWhenPostWithoutCsrfTokenThenHostCsrfProtectionStillRefuses() {
		Response response = post("/internal/cache/clear", "{}", "Authorization", basic("operator", OPERATOR_PASSWORD));
		assertThat(response.status()).as("%s", response).isEqualTo(403);
	}

}
