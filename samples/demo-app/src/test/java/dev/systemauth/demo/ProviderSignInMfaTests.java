package dev.systemauth.demo;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.Totp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second factor of a provider sign-in over real HTTP: once a user has confirmed TOTP, signing in through
 * an identity provider (mock-oauth2-server) does not hand out tokens at {@code POST /auth/oauth/exchange}
 * but the MFA answer, and {@code POST /auth/mfa/verify} with a TOTP code then starts the session.
 */
class ProviderSignInMfaTests extends AbstractProviderSignInTests {

	@Test
	void exchangeWhenTotpConfirmedThenMfaAnswerWithoutTokensAndVerifyGivesTokens() {
		String email = uniqueEmail("oidc-mfa", "e2e.test");
		String subject = subject();
		nextIdToken("sso", subject, email, true);
		Tokens first = signInAndExchange("sso");
		String secret = enrolAndConfirm(first);
		int sessionsBefore = sessions(first);

		nextIdToken("sso", subject, email, true);
		Map<String, String> fragment = signIn("sso");
		assertThat(fragment).as("fragment").containsOnlyKeys("code");
		DemoClient.Response exchanged = exchange(fragment.get("code"));

		assertThat(exchanged.status()).as("%s", exchanged).isEqualTo(200);
		assertThat(exchanged.header("Cache-Control")).contains("no-store");
		JsonNode challenge = exchanged.json();
		assertThat(challenge.propertyNames()).containsExactlyInAnyOrder("mfaRequired", "mfaToken", "expiresIn",
				"methods");
		assertThat(challenge.get("mfaRequired").asBoolean()).isTrue();
		assertThat(challenge.get("expiresIn").asLong()).isEqualTo(300);
		assertThat(challenge.get("methods").toString()).isEqualTo("[\"totp\",\"recovery_code\"]");
		assertThat(exchanged.body()).doesNotContain("accessToken", "refreshToken");
		assertThat(sessions(first)).as("no session before the second factor").isEqualTo(sessionsBefore);
		assertProblem(exchange(fragment.get("code")), 401, "invalid_token");

		DemoClient.Response verified = verify(challenge.get("mfaToken").asString(), code(secret, 0));

		assertTokenResponse(verified);
		Tokens session = Tokens.of(verified);
		assertThat(session.userId()).isEqualTo(first.userId());
		assertThat(tenantMe(session.accessToken(), session.workspaceId()).status()).isEqualTo(200);
		assertThat(sessions(first)).isEqualTo(sessionsBefore + 1);
		assertThat(this.jdbc.queryForList(
				"SELECT event_type || ':' || outcome FROM auth.audit_logs WHERE user_id = ? ORDER BY occurred_at",
				String.class, first.userId())).contains("mfa_challenged:success", "mfa_verified:success");
	}

	@Test
	void exchangeWhenTotpConfirmedThenWrongCodeGivesNoTokens() {
		String email = uniqueEmail("oidc-mfa-wrong", "e2e.test");
		String subject = subject();
		nextIdToken("sso", subject, email, true);
		Tokens first = signInAndExchange("sso");
		enrolAndConfirm(first);

		nextIdToken("sso", subject, email, true);
		DemoClient.Response exchanged = exchange(signIn("sso").get("code"));
		String mfaToken = exchanged.json().get("mfaToken").asString();

		assertProblem(verify(mfaToken, "999999x"), 400, "invalid_code");
		assertProblem(verify("not-" + mfaToken, "123456"), 401, "invalid_token");
	}

	private String enrolAndConfirm(Tokens tokens) {
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll", "{}", bearer(tokens));
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		String secret = enrolled.json().get("secret").asString();
		DemoClient.Response confirmed = this.http.post("/auth/mfa/totp/confirm",
				DemoClient.json("code", code(secret, -1)), bearer(tokens));
		assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
		return secret;
	}

	private int sessions(Tokens tokens) {
		return this.jdbc.queryForObject("SELECT count(*) FROM auth.sessions WHERE user_id = ?", Integer.class,
				tokens.userId());
	}

	private DemoClient.Response verify(String mfaToken, String code) {
		return this.http.post("/auth/mfa/verify", DemoClient.json("mfaToken", mfaToken, "code", code));
	}

	/** The code of the current step plus {@code offset} (within the ±1 window). */
	private static String code(String secret, int offset) {
		return Totp.code(Base32.decode(secret), Totp.step(Instant.now()) + offset, Totp.DIGITS);
	}

	private static String[] bearer(Tokens tokens) {
		return new String[] { "Authorization", "Bearer " + tokens.accessToken() };
	}

}
