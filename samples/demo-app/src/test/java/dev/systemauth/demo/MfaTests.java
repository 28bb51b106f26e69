package dev.systemauth.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.Totp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second factor over real HTTP (issue 13, TOTP half): enrol, confirm, the MFA step of password and
 * magic-link sign-in, verify, replay, the attempt limit, recovery codes, disable, and concurrent use of one
 * {@code mfaToken}. Codes are computed from the secret the enrolment returned, for increasing steps (the
 * current one ±1), so the tests never wait for the clock.
 */
class MfaTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "mfa-e2e-passphrase";

	@Test
	void enrollWhenNoBearerThenInvalidToken() {
		assertProblem(this.http.post("/auth/mfa/totp/enroll", "{}"), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/totp/confirm", DemoClient.json("code", "123456")), 401,
				"invalid_token");
		assertProblem(this.http.post("/auth/mfa/disable", DemoClient.json("code", "123456")), 401, "invalid_token");
	}

	@Test
	void enrollThenConfirmThenLoginAsksForTheSecondFactorAndVerifyStartsAnOrdinarySession() {
		String email = uniqueEmail("mfa-flow");
		Tokens first = registerVerified(email, PASSWORD);
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll", "{}", bearer(first));
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		assertThat(enrolled.header("Cache-Control")).contains("no-store");
		String secret = enrolled.json().get("secret").asString();
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(enrolled.json().get("otpauthUri").asString())
			.startsWith("otpauth://totp/system-auth-demo:" + email.replace("@", "%40") + "?secret=" + secret)
			.contains("&issuer=system-auth-demo&algorithm=SHA1&digits=6&period=30");
		// not yet confirmed: login still gives tokens
		assertTokenResponse(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)));

		assertProblem(confirm(first, "000000x"), 400, "invalid_code");
		DemoClient.Response confirmed = confirm(first, code(secret, -1));
		assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
		List<String> recovery = recoveryCodes(confirmed);
		assertThat(recovery).hasSize(10).doesNotHaveDuplicates()
			.allSatisfy((c) -> assertThat(c).matches("[a-z2-7]{6}-[a-z2-7]{6}-[a-z2-7]{6}-[a-z2-7]{6}"));
		assertProblem(this.http.post("/auth/mfa/totp/enroll", "{}", bearer(first)), 409, "mfa_already_enabled");

		DemoClient.Response login = this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.header("Cache-Control")).contains("no-store");
		JsonNode challenge = login.json();
		assertThat(challenge.propertyNames()).containsExactlyInAnyOrder("mfaRequired", "mfaToken", "expiresIn",
				"methods");
		assertThat(challenge.get("mfaRequired").asBoolean()).isTrue();
		assertThat(challenge.get("expiresIn").asLong()).isEqualTo(300);
		assertThat(challenge.get("methods").toString()).isEqualTo("[\"totp\",\"recovery_code\"]");
		String mfaToken = challenge.get("mfaToken").asString();

		assertProblem(verify(mfaToken, "123456x"), 400, "invalid_code");
		DemoClient.Response verified = verify(mfaToken, code(secret, 0));
		assertTokenResponse(verified);
		Tokens session = Tokens.of(verified);
		assertThat(tenantMe(session.accessToken(), session.workspaceId()).status()).isEqualTo(200);
		JsonNode listed = this.http.get("/auth/sessions", bearer(session)).json();
		assertThat(listed.toString()).contains(TestJwts.claims(session.accessToken()).get("sid").asString());

		assertProblem(verify(mfaToken, code(secret, 1)), 401, "invalid_token");
		assertThat(this.http.post("/auth/logout", DemoClient.json("refreshToken", session.refreshToken())).status())
			.isEqualTo(204);
		assertProblem(refresh(session.refreshToken()), 401, "invalid_token");
		assertThat(this.jdbc.queryForList("SELECT event_type || ':' || outcome FROM auth.audit_logs WHERE user_id = ?",
				String.class, first.userId())).contains("mfa_enrolled:success", "mfa_confirmed:success",
						"mfa_challenged:success", "mfa_verified:success", "mfa_verified:failure");
	}

	@Test
	void verifyWhenCodeReplayedInTheSameStepThenInvalidCode() {
		Enrolled user = enrolled("mfa-replay");
		String code = code(user.secret(), 0);
		assertTokenResponse(verify(challenge(user), code));
		assertProblem(verify(challenge(user), code), 400, "invalid_code");
	}

	@Test
	void verifyWhenFiveWrongCodesThenTheTokenIsDead() {
		Enrolled user = enrolled("mfa-attempts");
		String mfaToken = challenge(user);
		for (int i = 0; i < 5; i++) {
			assertProblem(verify(mfaToken, "999999x"), 400, "invalid_code");
		}
		assertProblem(verify(mfaToken, code(user.secret(), 0)), 401, "invalid_token");
	}

	@Test
	void verifyWhenTokenUnknownOrFieldsMissingThenStableCodes() {
		assertProblem(verify("no-such-token", "123456"), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/verify", DemoClient.json("code", "123456")), 400, "validation_failed");
		assertProblem(this.http.post("/auth/mfa/verify", DemoClient.json("mfaToken", "t")), 400, "validation_failed");
		assertProblem(this.http.post("/auth/mfa/verify", "{\"mfaToken\": 1, \"code\": 2}"), 400, "malformed_request");
		assertProblem(this.http.post("/auth/mfa/verify", "[]"), 400, "malformed_request");
	}

	@Test
	void verifyWhenRecoveryCodeThenAcceptedOnceEver() {
		Enrolled user = enrolled("mfa-recovery");
		String recovery = user.recoveryCodes().get(3);
		assertTokenResponse(verify(challenge(user), recovery.toUpperCase(java.util.Locale.ROOT)));
		assertProblem(verify(challenge(user), recovery), 400, "invalid_code");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'mfa_recovery_code_used'",
				Integer.class, user.tokens().userId())).isEqualTo(1);
	}

	@Test
	void verifyWhenOneTokenUsedConcurrentlyThenExactlyOneSession() throws Exception {
		Enrolled user = enrolled("mfa-race");
		String mfaToken = challenge(user);
		String code = code(user.secret(), 0);
		int clients = 8;
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<DemoClient.Response>> answers = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				DemoClient client = new DemoClient(this.port);
				answers.add(executor.submit(() -> {
					start.await();
					return client.post("/auth/mfa/verify", DemoClient.json("mfaToken", mfaToken, "code", code));
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<DemoClient.Response> answer : answers) {
				DemoClient.Response response = answer.get(60, TimeUnit.SECONDS);
				statuses.add(response.status());
				if (response.status() != 200) {
					assertThat(response.code()).isIn("invalid_token", "invalid_code");
				}
			}
			assertThat(statuses).filteredOn((s) -> s == 200).hasSize(1);
			assertThat(statuses).allMatch((s) -> s == 200 || s == 401 || s == 400);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'mfa_verified' AND outcome = 'success'",
				Integer.class, user.tokens().userId())).isEqualTo(1);
	}

	@Test
	void consumeMagicLinkWhenMfaConfirmedThenChallengeInsteadOfTokens() {
		Enrolled user = enrolled("mfa-magic");
		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", user.email())).status())
			.isEqualTo(202);
		String magicToken = TestMail.linkToken(TestMail.awaitMessage(user.email(), 2));
		DemoClient.Response consumed = this.http.post("/auth/magic-link/consume", DemoClient.json("token", magicToken));
		assertThat(consumed.status()).isEqualTo(200);
		assertThat(consumed.json().has("accessToken")).isFalse();
		assertTokenResponse(verify(consumed.json().get("mfaToken").asString(), code(user.secret(), 0)));
	}

	@Test
	void disableWhenCodeRightThenLoginGivesTokensAgain() {
		Enrolled user = enrolled("mfa-disable");
		assertProblem(this.http.post("/auth/mfa/disable", DemoClient.json("code", "nope"), bearer(user.tokens())), 400,
				"invalid_code");
		assertThat(this.http.post("/auth/mfa/disable", DemoClient.json("code", user.recoveryCodes().get(0)),
				bearer(user.tokens())).status()).isEqualTo(204);
		assertTokenResponse(this.http.post("/auth/login", DemoClient.json("email", user.email(), "password", PASSWORD)));
		assertProblem(this.http.post("/auth/mfa/disable", DemoClient.json("code", code(user.secret(), 1)),
				bearer(user.tokens())), 400, "invalid_code");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.mfa_recovery_codes WHERE user_id = ?",
				Integer.class, user.tokens().userId())).isZero();
	}

	@Test
	void confirmAgainThenNewRecoveryCodesAndTheOldOnesAreDead() {
		Enrolled user = enrolled("mfa-reconfirm");
		DemoClient.Response again = confirm(user.tokens(), code(user.secret(), 0));
		assertThat(again.status()).isEqualTo(200);
		List<String> fresh = recoveryCodes(again);
		assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(user.recoveryCodes());
		assertProblem(verify(challenge(user), user.recoveryCodes().get(0)), 400, "invalid_code");
		assertTokenResponse(verify(challenge(user), fresh.get(0)));
	}

	@Test
	void storedWhenEnrolledThenNeitherTheSecretNorTheRecoveryCodesAreInTheDatabaseOrAuditInClear() {
		Enrolled user = enrolled("mfa-at-rest");
		byte[] ciphertext = this.jdbc.queryForObject("SELECT secret_ciphertext FROM auth.mfa_totp WHERE user_id = ?",
				byte[].class, user.tokens().userId());
		byte[] plain = Base32.decode(user.secret());
		assertThat(new String(ciphertext, java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(new String(plain, java.nio.charset.StandardCharsets.ISO_8859_1));
		List<String> hashes = this.jdbc.queryForList("SELECT code_hash FROM auth.mfa_recovery_codes WHERE user_id = ?",
				String.class, user.tokens().userId());
		assertThat(hashes).hasSize(10);
		Set<String> clear = new HashSet<>(user.recoveryCodes());
		clear.addAll(user.recoveryCodes().stream().map((c) -> c.replace("-", "").toUpperCase(java.util.Locale.ROOT)).toList());
		assertThat(hashes).doesNotContainAnyElementsOf(clear);
		String audit = this.jdbc.queryForList("SELECT coalesce(details::text, '') FROM auth.audit_logs WHERE user_id = ?",
				String.class, user.tokens().userId()).toString();
		assertThat(audit).doesNotContain(user.secret());
		for (String code : user.recoveryCodes()) {
			assertThat(audit).doesNotContain(code);
		}
	}

	@Test
	void resetPasswordWhenMfaConfirmedThenNoSessionAndTheNextLoginStillAsksForTheSecondFactor() {
		Enrolled user = enrolled("mfa-reset");
		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", user.email())).status())
			.isEqualTo(202);
		String token = TestMail.linkToken(TestMail.awaitMessage(user.email(), 2));
		String newPassword = "a-brand-new-passphrase";
		DemoClient.Response reset = this.http.post("/auth/reset-password",
				DemoClient.json("token", token, "password", newPassword));
		assertThat(reset.status()).as("%s", reset).isEqualTo(204);
		assertThat(reset.body()).isEmpty();
		// the reset ended every session and started none; the new password alone is not enough
		DemoClient.Response login = this.http.post("/auth/login",
				DemoClient.json("email", user.email(), "password", newPassword));
		assertThat(login.status()).as("%s", login).isEqualTo(200);
		assertThat(login.json().propertyNames()).containsExactlyInAnyOrder("mfaRequired", "mfaToken", "expiresIn",
				"methods");
		assertTokenResponse(verify(login.json().get("mfaToken").asString(), code(user.secret(), 0)));
	}

	private Enrolled enrolled(String prefix) {
		String email = uniqueEmail(prefix);
		Tokens tokens = registerVerified(email, PASSWORD);
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll", "{}", bearer(tokens));
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		String secret = enrolled.json().get("secret").asString();
		DemoClient.Response confirmed = confirm(tokens, code(secret, -1));
		assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
		return new Enrolled(email, tokens, secret, recoveryCodes(confirmed));
	}

	private String challenge(Enrolled user) {
		DemoClient.Response login = this.http.post("/auth/login",
				DemoClient.json("email", user.email(), "password", PASSWORD));
		assertThat(login.status()).as("%s", login).isEqualTo(200);
		assertThat(login.json().get("mfaRequired").asBoolean()).isTrue();
		return login.json().get("mfaToken").asString();
	}

	private DemoClient.Response confirm(Tokens tokens, String code) {
		return this.http.post("/auth/mfa/totp/confirm", DemoClient.json("code", code), bearer(tokens));
	}

	private DemoClient.Response verify(String mfaToken, String code) {
		return this.http.post("/auth/mfa/verify", DemoClient.json("mfaToken", mfaToken, "code", code));
	}

	private static List<String> recoveryCodes(DemoClient.Response response) {
		List<String> codes = new ArrayList<>();
		response.json().get("recoveryCodes").forEach((c) -> codes.add(c.asString()));
		return codes;
	}

	/** The code of the current step plus {@code offset} (within the ±1 window). */
	private static String code(String secret, int offset) {
		return Totp.code(Base32.decode(secret), Totp.step(Instant.now()) + offset, Totp.DIGITS);
	}

	private static String[] bearer(Tokens tokens) {
		return new String[] { "Authorization", "Bearer " + tokens.accessToken() };
	}

	private record Enrolled(String email, Tokens tokens, String secret, List<String> recoveryCodes) {
	}

}
