package dev.systemauth.secured;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity-provider routes behind the secured sample's own chain (HTTP basic, CSRF on): the browser
 * routes redirect to the front end rather than meeting a basic challenge, and the exchange needs no CSRF
 * token. The provider's issuer answers nobody, which a lazy discovery only notices on the first sign-in.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "auth.sso.enabled=true", "auth.sso.client-id=secured",
		"auth.sso.client-secret=secured-secret", "auth.sso.issuer-uri=http://127.0.0.1:9/nobody",
		"auth.sso.timeout=2s" })
class ProviderRoutesSecurityTests extends SecuredAppTestSupport {

	private static final String COMPLETE = "http://localhost:3000/oauth/complete#";

	@Test
	void authorizeWhenProviderDownThenRedirectedWithErrorNotChallenged() {
		Response response = get("/auth/oauth/sso/authorize");

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Location")).isEqualTo(COMPLETE + "error=provider_unavailable");
		assertThat(response.header("WWW-Authenticate")).isNull();
	}

	@Test
	void callbackWhenStateUnknownThenRedirectedWithInvalidState() {
		Response response = get("/auth/oauth/sso/callback?code=c&state=unknown");

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Location")).isEqualTo(COMPLETE + "error=invalid_state");
	}

	@Test
	void exchangeWithoutCsrfTokenThenStarterProblem() {
		Response response = post("/auth/oauth/exchange", json("code", "x".repeat(43)));

		assertProblem(response, 401, "invalid_token");
	}

	@Test
	void disabledProviderThenNotFound() {
		assertProblem(get("/auth/oauth/github/authorize"), 404, "not_found");
	}

}
