package dev.systemauth.demo;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.classic.signup=false}: public signup is a real 404, and the rest of the classic routes work.
 */
@TestPropertySource(properties = "auth.classic.signup=false")
class SignupDisabledTests extends AbstractDemoAppTests {

	@Autowired
	AuthProvisioningService provisioning;

	@Test
	void signupWhenDisabledThenSameAsAPathThatNeverExisted() {
		assertAbsentRoute("/auth/signup");
		String email = uniqueEmail("no-signup");
		assertProblem(this.http.post("/auth/signup", DemoClient.json("email", email, "password", "signup-passphrase")),
				404, "not_found");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.users WHERE email = ?", Long.class, email))
			.isZero();
	}

	@Test
	void loginWhenSignupDisabledThenProvisionedUsersStillSignIn() {
		String email = uniqueEmail("provisioned");
		ProvisionedUser user = this.provisioning.provisionClassicUser(email, "granted-harbor-passphrase", "Provisioned",
				"ws-" + UUID.randomUUID(), true);
		Tokens tokens = login(email, "granted-harbor-passphrase");
		assertThat(tokens.userId()).isEqualTo(user.userId());
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		assertTokenResponse(refresh(tokens.refreshToken()));
	}

}
