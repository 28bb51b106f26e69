package dev.systemauth.demo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect sign-in over real HTTP against a real provider (mock-oauth2-server): the whole way, and each
 * protection shown by the attack it stops.
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
	void callbackWhenNonceWrongThenErrorInvalidIdToken() {
		assertIdTokenRefused(Map.of("email", uniqueEmail("nonce", "e2e.test"), "email_verified", true, "nonce", "forged"));
	}

	@Test
	void callbackWhenIssuerWrongThenErrorInvalidIdToken() {
		assertIdTokenRefused(Map.of("email", uniqueEmail("iss", "e2e.test"), "email_verified", true, "iss",
				oidc.issuerUrl("okta").toString()));
	}

	@Test
	void callbackWhenAudienceWrongThenErrorInvalidIdToken() {
		assertIdTokenRefused(Map.of("email", uniqueEmail("aud", "e2e.test"), "email_verified", true, "aud", "demo-okta"));
	}

	@Test
	void callbackWhenAuthorizedPartyWrongThenErrorInvalidIdToken() {
		assertIdTokenRefused(Map.of("email", uniqueEmail("azp", "e2e.test"), "email_verified", true, "aud",
				List.of("demo-sso", "demo-okta"), "azp", "demo-okta"));
	}

	@Test
	void callbackWhenIdTokenExpiredThenErrorInvalidIdToken() {
		oidc.enqueueCallback(new OidcProviderControls.IdToken("sso", subject(),
				Map.of("email", uniqueEmail("exp", "e2e.test"), "email_verified", true), -3600));
		assertThat(signIn("sso")).containsExactly(Map.entry("error", "invalid_id_token"));
	}

	@Test
	void callbackWhenIdTokenIssuedInTheFutureThenErrorInvalidIdToken() {
		assertIdTokenRefused(Map.of("email", uniqueEmail("iat", "e2e.test"), "email_verified", true, "iat",
				new Date(System.currentTimeMillis() + 3_600_000).getTime() / 1000));
	}

	@Test
	void callbackWhenIdTokenSignedByAnotherKeyThenErrorInvalidIdToken() throws Exception {
		ProviderBrowser browser = new ProviderBrowser();
		URI toProvider = authorize(browser, "sso");
		String nonce = ProviderBrowser.query(toProvider).get("nonce");
		URI callback = ProviderBrowser.location(browser.get(toProvider));
		RSAKey forger = new RSAKeyGenerator(2048).keyID(oidc.issueToken("sso").getHeader().getKeyID()).generate();
		ssoTokenEndpoint.answerNext(200, "application/json",
				tokenResponse(signedIdToken(forger, nonce, uniqueEmail("forged", "e2e.test"))));

		URI done = complete(browser, callback);

		assertThat(ProviderBrowser.fragment(done)).containsExactly(Map.entry("error", "invalid_id_token"));
	}

	@Test
	void callbackWhenProviderRotatedToUnknownKidThenKeysFetchedAgainAndSignInWorks() throws Exception {
		nextIdToken("sso", subject(), uniqueEmail("before-rotation", "e2e.test"), true);
		signInAndExchange("sso");
		RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
		ssoJwks.serve(new JWKSet(rotated.toPublicJWK()).toString());
		try {
			ProviderBrowser browser = new ProviderBrowser();
			URI toProvider = authorize(browser, "sso");
			URI callback = ProviderBrowser.location(browser.get(toProvider));
			ssoTokenEndpoint.answerNext(200, "application/json", tokenResponse(signedIdToken(rotated,
					ProviderBrowser.query(toProvider).get("nonce"), uniqueEmail("after-rotation", "e2e.test"))));

			URI done = complete(browser, callback);

			assertThat(ProviderBrowser.fragment(done)).containsOnlyKeys("code");
		}
		finally {
			ssoJwks.stop();
		}
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

	private static String signedIdToken(RSAKey key, String nonce, String email) throws Exception {
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(oidc.issuerUrl("sso").toString())
					.audience("demo-sso")
					.subject(subject())
					.claim("nonce", nonce)
					.claim("email", email)
					.claim("email_verified", true)
					.issueTime(new Date())
					.expirationTime(new Date(System.currentTimeMillis() + 600_000))
					.build());
		token.sign(new RSASSASigner(key));
		return token.serialize();
	}

	private static String tokenResponse(String idToken) {
		return "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60,\"id_token\":\"" + idToken
				+ "\"}";
	}

	private int failures(String error) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'provider_sign_in' AND outcome = 'failure'
				AND details->>'error' = ?""", Integer.class, error);
	}

	private void assertIdTokenRefused(Map<String, Object> claims) {
		String email = String.valueOf(claims.get("email"));
		nextIdToken("sso", subject(), claims);

		assertThat(signIn("sso")).containsExactly(Map.entry("error", "invalid_id_token"));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
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
