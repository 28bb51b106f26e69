package dev.systemauth.demo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect sign-in over real HTTP against a real provider (mock-oauth2-server): the whole way, and each
 * protection of the state, the redirects and the exchange code shown by the attack it stops. The ID token's
 * checks are in {@link IdTokenValidationTests}.
 */
class OidcSignInTests extends AbstractProviderSignInTests {

	@Test
	void signInWhenProviderAssertsVerifiedEmailThenExchangeCodeGivesTokensForProtectedPaths() {
		String email = uniqueEmail("oidc", "e2e.test");
		nextIdToken("sso", subject(), email, true);

		Tokens tokens = signInAndExchange("sso");

		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		assertThat(this.accounts.findByEmail(email)).hasValueSatisfying((account) -> {
			assertThat(account.id()).isEqualTo(tokens.userId());
			assertThat(account.isEmailVerified()).isTrue();
			assertThat(account.passwordHash()).isNull();
		});
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'provider_sign_in' AND outcome = 'success'",
				Integer.class, tokens.userId())).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'identity_linked'",
				Integer.class, tokens.userId())).isEqualTo(1);
	}

	@Test
	void authorizeThenPkceS256StateNonceAndBindingCookie() throws Exception {
		ProviderBrowser browser = new ProviderBrowser();
		HttpResponse<String> response = browser.get(app("/auth/oauth/sso/authorize"));
		URI toProvider = ProviderBrowser.location(response);
		Map<String, String> query = ProviderBrowser.query(toProvider);

		assertThat(toProvider.toString()).startsWith(oidc.authorizationEndpointUrl("sso").toString());
		assertThat(query).containsEntry("response_type", "code")
			.containsEntry("client_id", "demo-sso")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("redirect_uri", app("/auth/oauth/sso/callback").toString())
			.containsKeys("state", "nonce", "code_challenge");
		assertThat(query.get("scope").split(" ")).contains("openid", "email");
		String verifier = this.jdbc.queryForObject(
				"SELECT code_verifier FROM auth.oauth_authorizations WHERE state_hash = ?", String.class,
				sha256(query.get("state")));
		assertThat(query.get("code_challenge")).isEqualTo(GitHubStub.s256(verifier)).isNotEqualTo(verifier);
		assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies((cookie) -> assertThat(cookie)
			.startsWith("auth_oauth_binding=")
			.contains("HttpOnly", "SameSite=Lax", "Path=/auth/oauth"));
	}

	@Test
	void callbackWhenSuccessfulThenOnlyAnExchangeCodeInTheFragmentAndStoredHashed() {
		nextIdToken("sso", subject(), uniqueEmail("hash", "e2e.test"), true);
		ProviderBrowser browser = new ProviderBrowser();

		URI done = throughProvider(browser, authorize(browser, "sso"));

		assertThat(done.getRawQuery()).isNull();
		assertThat(done.toString()).matches("http://localhost:3000/oauth/complete#code=[A-Za-z0-9_-]{43}");
		String code = ProviderBrowser.fragment(done).get("code");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.oauth_exchange_codes WHERE code_hash = ?",
				Integer.class, code)).isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.oauth_exchange_codes WHERE code_hash = ? AND expires_at <= created_at + interval '60 seconds'",
				Integer.class, sha256(code))).isEqualTo(1);
	}

	@Test
	void callbackWhenUserDeniedConsentThenErrorAccessDenied() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "sso")).get("state");

		URI done = complete(browser, callback("sso", "error=access_denied&state=" + state));

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "access_denied"));
	}

	@Test
	void callbackWhenStateReplayedThenErrorInvalidState() {
		nextIdToken("sso", subject(), uniqueEmail("replay", "e2e.test"), true);
		ProviderBrowser browser = new ProviderBrowser();
		URI callback = ProviderBrowser.location(browser.get(authorize(browser, "sso")));
		assertThat(ProviderBrowser.fragment(complete(browser, callback))).containsOnlyKeys("code");

		URI replayed = complete(browser, callback);

		assertThat(ProviderBrowser.fragment(replayed)).containsExactly(Map.entry("error", "invalid_state"));
	}

	@Test
	void callbackWhenFromAnotherBrowserThenErrorInvalidStateAndStateBurnt() {
		ProviderBrowser victim = new ProviderBrowser();
		ProviderBrowser attacker = new ProviderBrowser();
		URI callback = ProviderBrowser.location(attacker.get(authorize(attacker, "sso")));
		authorize(victim, "sso");

		URI forced = complete(victim, callback);

		assertThat(ProviderBrowser.fragment(forced)).containsExactly(Map.entry("error", "invalid_state"));
		assertThat(ProviderBrowser.fragment(complete(attacker, callback)))
			.containsExactly(Map.entry("error", "invalid_state"));
	}

	@Test
	void callbackWithoutCookieThenErrorInvalidState() {
		ProviderBrowser browser = new ProviderBrowser();
		URI callback = ProviderBrowser.location(browser.get(authorize(browser, "sso")));

		URI done = complete(new ProviderBrowser(), callback);

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "invalid_state"));
	}

	@Test
	void callbackWhenStateExpiredThenErrorInvalidState() {
		ProviderBrowser browser = new ProviderBrowser();
		URI toProvider = authorize(browser, "sso");
		this.jdbc.update("UPDATE auth.oauth_authorizations SET expires_at = now() - interval '1 second' WHERE state_hash = ?",
				sha256(ProviderBrowser.query(toProvider).get("state")));

		URI done = throughProvider(browser, toProvider);

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "invalid_state"));
	}

	@Test
	void callbackWhenStateOfAnotherProviderThenErrorInvalidState() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "okta")).get("state");

		URI done = complete(browser, callback("sso", "code=whatever&state=" + state));

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "invalid_state"));
	}

	@Test
	void callbackWhenTokenEndpointDownThenErrorProviderUnavailable() {
		ProviderBrowser browser = new ProviderBrowser();
		URI callback = ProviderBrowser.location(browser.get(authorize(browser, "sso")));
		ssoTokenEndpoint.answerNext(503, "text/plain", "down");

		URI done = complete(browser, callback);

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "provider_unavailable"));
	}

	@Test
	void callbackWhenProviderRefusesCodeThenErrorProviderError() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "sso")).get("state");
		ssoTokenEndpoint.answerNext(400, "application/json",
				"{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}");

		URI done = complete(browser, callback("sso", "code=expired-code&state=" + state));

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "provider_error"));
	}

	@Test
	void authorizeWhenDiscoveryFailsThenErrorProviderUnavailable() {
		ProviderBrowser browser = new ProviderBrowser();

		URI done = ProviderBrowser.location(browser.get(app("/auth/oauth/down/authorize")));

		assertThat(done.toString()).isEqualTo(COMPLETE + "error=provider_unavailable");
	}

	@Test
	void routesOfUnknownProviderThenNotFound() {
		for (String path : List.of("/auth/oauth/facebook/authorize", "/auth/oauth/facebook/callback?code=x&state=y")) {
			DemoClient.Response response = this.http.get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.code()).isEqualTo("not_found");
		}
	}

	@Test
	void exchangeWhenCodeUsedTwiceThenSecondIsInvalidToken() {
		nextIdToken("sso", subject(), uniqueEmail("twice", "e2e.test"), true);
		String code = signIn("sso").get("code");
		assertTokenResponse(exchange(code));

		DemoClient.Response again = exchange(code);

		assertThat(again.status()).isEqualTo(401);
		assertThat(again.code()).isEqualTo("invalid_token");
	}

	@Test
	void exchangeWhenCodeExpiredThenInvalidToken() {
		nextIdToken("sso", subject(), uniqueEmail("late", "e2e.test"), true);
		String code = signIn("sso").get("code");
		this.jdbc.update("UPDATE auth.oauth_exchange_codes SET expires_at = now() - interval '1 second' WHERE code_hash = ?",
				sha256(code));

		DemoClient.Response response = exchange(code);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("invalid_token");
	}

	@Test
	void exchangeWhenSameCodeRacedThenExactlyOneWinner() throws Exception {
		nextIdToken("sso", subject(), uniqueEmail("race", "e2e.test"), true);
		String code = signIn("sso").get("code");
		int racers = 8;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				Callable<Integer> racer = () -> {
					start.await();
					return new DemoClient(this.port).post("/auth/oauth/exchange", DemoClient.json("code", code)).status();
				};
				results.add(pool.submit(racer));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsOnly(200, 401).filteredOn((status) -> status == 200).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void exchangeWhenCodeUnknownThenInvalidToken() {
		DemoClient.Response response = exchange("x".repeat(43));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("invalid_token");
	}

	@Test
	void callbackFailureThenAudited() {
		ProviderBrowser browser = new ProviderBrowser();
		String state = ProviderBrowser.query(authorize(browser, "sso")).get("state");
		int before = failures("access_denied");

		complete(browser, callback("sso", "error=access_denied&state=" + state));

		assertThat(failures("access_denied")).isEqualTo(before + 1);
	}

	private int failures(String error) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'provider_sign_in' AND outcome = 'failure'
				AND details->>'error' = ?""", Integer.class, error);
	}

	static String sha256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
