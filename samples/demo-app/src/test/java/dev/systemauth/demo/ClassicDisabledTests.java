package dev.systemauth.demo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;
import dev.systemauth.core.session.SessionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.classic.enabled=false}: every classic route is a real 404, while protected routes still
 * accept access tokens.
 */
@TestPropertySource(properties = "auth.classic.enabled=false")
class ClassicDisabledTests extends AbstractDemoAppTests {

	private static final List<String> CLASSIC_ROUTES = List.of("/auth/signup", "/auth/login", "/auth/refresh",
			"/auth/logout", "/auth/forgot-password", "/auth/reset-password", "/auth/verify-email",
			"/auth/verify-email/resend", "/auth/magic-link/request", "/auth/magic-link/consume",
			"/auth/switch-workspace");

	@Autowired
	AuthProvisioningService provisioning;

	@Autowired
	SessionService sessions;

	@Test
	void everyClassicRouteWhenClassicDisabledThenSameAsAPathThatNeverExisted() {
		for (String route : CLASSIC_ROUTES) {
			assertAbsentRoute(route);
		}
	}

	@Test
	void tenantMeWhenClassicDisabledThenAccessTokensStillChecked() {
		String email = uniqueEmail("no-classic");
		ProvisionedUser user = this.provisioning.provisionClassicUser(email, "quiet-harbor-passphrase", "No classic",
				"ws-" + UUID.randomUUID(), true);
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", "quiet-harbor-passphrase")),
				404, "not_found");
		String token = this.sessions.start(user.userId(), user.workspaceId()).accessToken();
		DemoClient.Response me = tenantMe(token, user.workspaceId());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("auth").get("userId").asString()).isEqualTo(user.userId().toString());
		assertProblem(this.http.get("/tenant/me", WORKSPACE_HEADER, user.workspaceId().toString()), 401,
				"invalid_token");
	}

}
