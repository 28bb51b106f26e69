package dev.systemauth.demo;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub sign-in over real HTTP against {@link GitHubStub}: the primary verified email from the emails API,
 * PKCE checked by the token endpoint, and GitHub's failures as {@code #error=} codes.
 */
class GitHubSignInTests extends AbstractProviderSignInTests {

	@AfterEach
	void upAgain() {
		github.down(false);
	}

	@Test
	void signInWhenPrimaryEmailVerifiedThenTokensForProtectedPaths() {
		String email = uniqueEmail("octo");
		github.nextUser(9_000_001L, "[{\"email\":\"other@e2e.test\",\"primary\":false,\"verified\":true},"
				+ "{\"email\":\"" + email + "\",\"primary\":true,\"verified\":true}]");

		Tokens tokens = signInAndExchange("github");

		assertThat(this.accounts.findByEmail(email)).hasValueSatisfying(
				(account) -> assertThat(account.id()).isEqualTo(tokens.userId()));
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject(
				"SELECT subject FROM auth.user_identities WHERE provider = 'github' AND user_id = ?", String.class,
				tokens.userId())).isEqualTo("9000001");
	}

	@Test
	void signInWhenPrimaryEmailUnverifiedThenProviderEmailNotVerified() {
		String email = uniqueEmail("octo-unverified");
		github.nextUser(9_000_002L, "[{\"email\":\"" + email + "\",\"primary\":true,\"verified\":false},"
				+ "{\"email\":\"verified-secondary@e2e.test\",\"primary\":false,\"verified\":true}]");

		assertThat(signIn("github")).containsExactly(Map.entry("error", "provider_email_not_verified"));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

	@Test
	void authorizeThenPkceS256ToGitHub() {
		URI toGitHub = authorize(new ProviderBrowser(), "github");

		assertThat(toGitHub.toString()).startsWith(github.url("/login/oauth/authorize"));
		assertThat(ProviderBrowser.query(toGitHub)).containsEntry("code_challenge_method", "S256")
			.containsEntry("client_id", "demo-github")
			.containsKeys("code_challenge", "state")
			.doesNotContainKey("nonce");
	}

	@Test
	void callbackWhenGitHubRefusesCodeThenProviderError() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "github")).get("state");

		URI done = complete(browser, callback("github", "code=not-issued&state=" + state));

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "provider_error"));
	}

	@Test
	void callbackWhenGitHubDownThenProviderUnavailable() {
		github.nextUser(9_000_003L, "[]");
		ProviderBrowser browser = new ProviderBrowser();
		URI callback = ProviderBrowser.location(browser.get(authorize(browser, "github")));
		github.down(true);

		assertThat(ProviderBrowser.fragment(complete(browser, callback)))
			.containsExactly(Map.entry("error", "provider_unavailable"));
	}

	@Test
	void callbackWhenUserDeniedThenAccessDenied() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "github")).get("state");

		URI done = complete(browser, callback("github",
				"error=access_denied&error_description=The+user+has+denied+your+application+access.&state=" + state));

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "access_denied"));
	}

}
