package dev.systemauth.demo;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.classic.magic-link=false}: both magic-link routes are real 404s, and no link is mailed.
 */
@TestPropertySource(properties = "auth.classic.magic-link=false")
class MagicLinkDisabledTests extends AbstractDemoAppTests {

	@Test
	void magicLinkRoutesWhenDisabledThenSameAsAPathThatNeverExisted() {
		String email = uniqueEmail("no-magic");
		registerVerified(email, "lantern-off-passphrase");
		assertAbsentRoute("/auth/magic-link/request");
		assertAbsentRoute("/auth/magic-link/consume");
		assertProblem(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)), 404, "not_found");
		TestMail.sleep(300);
		assertThat(TestMail.messagesTo(email)).hasSize(1);
		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
	}

}
