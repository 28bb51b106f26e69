package dev.systemauth.demo;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * The ID token checks of an OpenID Connect sign-in, each shown by a token that breaks it, over real HTTP against
 * mock-oauth2-server: nonce, issuer, audience, authorized party, expiry, issue time, signature; and a key
 * rotation followed at once.
 */
class IdTokenValidationTests extends AbstractProviderSignInTests {

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

	private void assertIdTokenRefused(Map<String, Object> claims) {
		String email = String.valueOf(claims.get("email"));
		nextIdToken("sso", subject(), claims);

		assertThat(signIn("sso")).containsExactly(Map.entry("error", "invalid_id_token"));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

}
