package dev.systemauth.demo;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.classic.reset-password=false}: forgot-password and reset-password are real 404s, and no reset
 * mail goes out.
 */
@TestPropertySource(properties = "auth.classic.reset-password=false")
class ResetPasswordDisabledTests extends AbstractDemoAppTests {

	@Test
	void forgotAndResetWhenDisabledThenSameAsAPathThatNeverExisted() {
		String email = uniqueEmail("no-reset");
		Tokens tokens = registerVerified(email, "recovery-off-passphrase");
		assertAbsentRoute("/auth/forgot-password");
		assertAbsentRoute("/auth/reset-password");
		assertProblem(this.http.post("/auth/forgot-password", DemoClient.json("email", email)), 404, "not_found");
		TestMail.sleep(300);
		assertThat(TestMail.messagesTo(email)).hasSize(1);
		assertTokenResponse(refresh(tokens.refreshToken()));
	}

}
