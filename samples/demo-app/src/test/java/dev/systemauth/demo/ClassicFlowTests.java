package dev.systemauth.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic email/password flows of the HTTP contract, end to end: HTTP in, PostgreSQL and SMTP behind.
 */
class ClassicFlowTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "correct-horse-battery-staple";

	@Test
	void signupWhenVerificationRequiredThenNoTokensUntilEmailVerified() {
		String email = uniqueEmail("signup");
		DemoClient.Response signup = this.http.post("/auth/signup",
				DemoClient.json("email", email, "password", PASSWORD));
		assertThat(signup.status()).isEqualTo(201);
		assertThat(signup.contentType()).startsWith("application/json");
		assertThat(signup.header("Cache-Control")).contains("no-store");
		JsonNode body = signup.json();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("userId", "workspaceId",
				"emailVerificationRequired");
		assertThat(body.get("emailVerificationRequired").asBoolean()).isTrue();
		UUID userId = UUID.fromString(body.get("userId").asString());
		UUID workspaceId = UUID.fromString(body.get("workspaceId").asString());

		DemoClient.Response early = this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		assertProblem(early, 403, "email_not_verified");
		assertThat(early.body()).doesNotContain("accessToken", "refreshToken");

		String code = TestMail.verificationCode(TestMail.awaitMessage(email, 1));
		assertThat(code).hasSize(6).containsOnlyDigits();
		DemoClient.Response verified = this.http.post("/auth/verify-email",
				DemoClient.json("email", email, "code", code));
		assertThat(verified.status()).isEqualTo(204);
		assertThat(verified.body()).isEmpty();

		DemoClient.Response login = this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		assertTokenResponse(login);
		assertThat(login.text("userId")).isEqualTo(userId.toString());
		assertThat(login.text("workspaceId")).isEqualTo(workspaceId.toString());
	}

	@Test
	void loginThenAccessTokenFollowsTheClaimContract() {
		String email = uniqueEmail("claims");
		Tokens tokens = registerVerified(email, PASSWORD);
		String jwt = tokens.accessToken();
		assertThat(TestJwts.header(jwt).get("alg").asString()).isEqualTo("HS256");
		assertThat(TestJwts.verifies(jwt, ACCESS_SECRET)).isTrue();
		JsonNode claims = TestJwts.claims(jwt);
		assertThat(claims.propertyNames()).contains("sub", "user_id", "workspace_id", "iss", "aud", "iat", "exp", "jti");
		assertThat(claims.get("sub").asString()).isEqualTo(tokens.userId().toString());
		assertThat(claims.get("user_id").asString()).isEqualTo(tokens.userId().toString());
		assertThat(claims.get("workspace_id").asString()).isEqualTo(tokens.workspaceId().toString());
		assertThat(claims.get("iss").asString()).isEqualTo(ISSUER);
		JsonNode aud = claims.get("aud");
		assertThat(aud.isArray() ? aud.get(0).asString() : aud.asString()).isEqualTo(AUDIENCE);
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
		assertThat(tokens.refreshToken()).isNotEqualTo(jwt);
	}

	@Test
	void verifyEmailWhenCodeWrongThenInvalidCodeAndLoginStillRefused() {
		String email = uniqueEmail("wrongcode");
		signup(email, PASSWORD);
		String code = TestMail.verificationCode(TestMail.awaitMessage(email, 1));
		String wrong = code.equals("000000") ? "000001" : "000000";
		assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", wrong)), 400,
				"invalid_code");
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 403,
				"email_not_verified");
		DemoClient.Response verified = this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", code));
		assertThat(verified.status()).isEqualTo(204);
		assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", code)), 400,
				"invalid_code");
	}

	@Test
	void verifyEmailWhenAttemptsExhaustedThenEvenTheRightCodeRefused() {
		String email = uniqueEmail("attempts");
		signup(email, PASSWORD);
		String code = TestMail.verificationCode(TestMail.awaitMessage(email, 1));
		for (int i = 0; i < 5; i++) {
			String wrong = String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000);
			assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", wrong)), 400,
					"invalid_code");
		}
		assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", code)), 400,
				"invalid_code");
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 403,
				"email_not_verified");
	}

	@Test
	void signupWhenWorkspaceSlugTakenThenConflictAndNothingKept() {
		String slug = "slug-" + UUID.randomUUID().toString().substring(0, 8);
		String first = uniqueEmail("slug-first");
		String second = uniqueEmail("slug-second");
		assertThat(this.http.post("/auth/signup",
				DemoClient.json("email", first, "password", PASSWORD, "workspaceName", "Slugged", "workspaceSlug", slug))
			.status()).isEqualTo(201);
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", second, "password", PASSWORD, "workspaceName", "Other", "workspaceSlug", slug)),
				409, "workspace_slug_taken");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.users WHERE email = ?", Long.class, second))
			.as("the refused signup left no account behind")
			.isZero();
		assertThat(this.http.post("/auth/signup", DemoClient.json("email", second, "password", PASSWORD)).status())
			.isEqualTo(201);
		assertProblem(this.http.post("/auth/signup", DemoClient.json("email", uniqueEmail("slug-bad"), "password",
				PASSWORD, "workspaceSlug", "Not A Slug!")), 400, "validation_failed");
	}

	@Test
	void loginWhenWorkspaceIsNotTheUsersThenMembershipInactive() {
		String email = uniqueEmail("foreign");
		registerVerified(email, PASSWORD);
		Workspace foreign = this.workspaces.createWorkspace("Foreign " + email, null, ClientInfo.SERVER);
		DemoClient.Response byBody = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD, "workspaceId", foreign.id().toString()));
		assertProblem(byBody, 403, "membership_inactive");
		assertThat(byBody.body()).doesNotContain("accessToken", foreign.name());
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD),
				WORKSPACE_HEADER, foreign.id().toString()), 403, "membership_inactive");
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD),
				WORKSPACE_HEADER, "' OR 1=1 --"), 400, "workspace_required");
	}

	@Test
	void loginWhenEmailDiffersInCaseThenSameAccount() {
		String local = "Alice-" + UUID.randomUUID().toString().substring(0, 8);
		String mixed = local + "@X-E2E.Io";
		String lower = mixed.toLowerCase(Locale.ROOT);
		Signup signup = signup(mixed, PASSWORD);
		verifyWithCode(lower, 1);
		Tokens tokens = login(lower, PASSWORD);
		assertThat(tokens.userId()).isEqualTo(signup.userId());
		assertThat(login(local.toUpperCase(Locale.ROOT) + "@x-e2e.io", PASSWORD).userId()).isEqualTo(signup.userId());
		assertProblem(this.http.post("/auth/signup", DemoClient.json("email", lower, "password", PASSWORD)), 409,
				"email_taken");
	}

	@Test
	void signupWhenEmailTakenThenConflict() {
		String email = uniqueEmail("dup");
		signup(email, PASSWORD);
		DemoClient.Response again = this.http.post("/auth/signup",
				DemoClient.json("email", email, "password", "another-long-password"));
		assertProblem(again, 409, "email_taken");
		assertThat(again.body()).doesNotContain("userId", "workspaceId");
	}

	@Test
	void loginWhenPasswordWrongOrEmailUnknownThenSameAnswer() {
		String email = uniqueEmail("creds");
		registerVerified(email, PASSWORD);
		DemoClient.Response wrongPassword = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", "not-the-password"));
		DemoClient.Response unknownEmail = this.http.post("/auth/login",
				DemoClient.json("email", uniqueEmail("nobody"), "password", "not-the-password"));
		assertProblem(wrongPassword, 401, "invalid_credentials");
		assertProblem(unknownEmail, 401, "invalid_credentials");
		assertThat(wrongPassword.problemWithoutInstance()).isEqualTo(unknownEmail.problemWithoutInstance());
		assertThat(wrongPassword.header("WWW-Authenticate")).isEqualTo(unknownEmail.header("WWW-Authenticate"));
	}

	@Test
	void refreshRotatesAndReuseOfTheOldTokenRevokesTheSuccessor() {
		Tokens tokens = registerVerified(uniqueEmail("refresh"), PASSWORD);
		DemoClient.Response refreshed = refresh(tokens.refreshToken());
		assertTokenResponse(refreshed);
		Tokens successor = Tokens.of(refreshed);
		assertThat(successor.refreshToken()).isNotEqualTo(tokens.refreshToken());
		assertThat(successor.userId()).isEqualTo(tokens.userId());
		assertThat(successor.workspaceId()).isEqualTo(tokens.workspaceId());

		assertProblem(refresh(tokens.refreshToken()), 401, "invalid_token");
		assertProblem(refresh(successor.refreshToken()), 401, "invalid_token");
	}

	@Test
	void logoutThenThatSessionEndsAndOthersContinue() {
		String email = uniqueEmail("logout");
		Tokens tokens = registerVerified(email, PASSWORD);
		Tokens otherSession = login(email, PASSWORD);
		Tokens rotated = Tokens.of(refresh(tokens.refreshToken()));
		DemoClient.Response logout = this.http.post("/auth/logout",
				DemoClient.json("refreshToken", rotated.refreshToken()));
		assertThat(logout.status()).isEqualTo(204);
		assertThat(logout.body()).isEmpty();
		assertProblem(refresh(rotated.refreshToken()), 401, "invalid_token");
		assertProblem(refresh(tokens.refreshToken()), 401, "invalid_token");
		assertTokenResponse(refresh(otherSession.refreshToken()));
		assertThat(this.http.post("/auth/logout", DemoClient.json("refreshToken", "never-issued")).status())
			.as("logout is idempotent")
			.isEqualTo(204);
	}

	@Test
	void forgotPasswordAnswersAlikeAndMailsOnlyAnExistingAccount() {
		String known = uniqueEmail("forgot");
		String unknown = uniqueEmail("forgot-unknown");
		registerVerified(known, PASSWORD);
		DemoClient.Response forUnknown = this.http.post("/auth/forgot-password", DemoClient.json("email", unknown));
		DemoClient.Response forKnown = this.http.post("/auth/forgot-password", DemoClient.json("email", known),
				"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https", "Forwarded",
				"host=evil.example;proto=https");
		assertThat(forKnown.status()).isEqualTo(202);
		assertThat(forUnknown.status()).isEqualTo(202);
		assertThat(forKnown.body()).isEqualTo(forUnknown.body());
		assertThat(forKnown.contentType()).isEqualTo(forUnknown.contentType());

		String reset = TestMail.awaitMessage(known, 2);
		assertThat(reset).contains("http://localhost:3000/reset-password?token=").doesNotContain("evil.example");
		assertThat(TestMail.linkToken(reset)).matches("[A-Za-z0-9_-]{32,}");
		TestMail.sleep(300);
		assertThat(TestMail.messagesTo(unknown)).isEmpty();
	}

	@Test
	void resetPasswordChangesThePasswordOnceAndEndsEverySession() {
		String email = uniqueEmail("reset");
		Tokens first = registerVerified(email, PASSWORD);
		Tokens second = login(email, PASSWORD);
		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)).status())
			.isEqualTo(202);
		String magicToken = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
		String token = TestMail.linkToken(TestMail.awaitMessage(email, 3));
		String newPassword = "a-brand-new-passphrase";

		DemoClient.Response reset = this.http.post("/auth/reset-password",
				DemoClient.json("token", token, "password", newPassword));
		assertThat(reset.status()).isEqualTo(204);

		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 401,
				"invalid_credentials");
		login(email, newPassword);
		assertProblem(refresh(first.refreshToken()), 401, "invalid_token");
		assertProblem(refresh(second.refreshToken()), 401, "invalid_token");
		assertProblem(this.http.post("/auth/magic-link/consume", DemoClient.json("token", magicToken)), 401,
				"invalid_token");

		DemoClient.Response reuse = this.http.post("/auth/reset-password",
				DemoClient.json("token", token, "password", "yet-another-passphrase"));
		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.contentType()).startsWith(PROBLEM_JSON);
		assertThat(reuse.code()).isEqualTo("invalid_or_expired_token");
		login(email, newPassword);
	}

	@Test
	void resendVerificationAnswersAlikeAndTheNewCodeVerifies() {
		String email = uniqueEmail("resend");
		signup(email, PASSWORD);
		String firstCode = TestMail.verificationCode(TestMail.awaitMessage(email, 1));
		DemoClient.Response forKnown = this.http.post("/auth/verify-email/resend", DemoClient.json("email", email));
		DemoClient.Response forUnknown = this.http.post("/auth/verify-email/resend",
				DemoClient.json("email", uniqueEmail("resend-unknown")));
		assertThat(forKnown.status()).isEqualTo(202);
		assertThat(forUnknown.status()).isEqualTo(202);
		assertThat(forKnown.body()).isEqualTo(forUnknown.body());

		String secondCode = TestMail.verificationCode(TestMail.awaitMessage(email, 2));
		if (!secondCode.equals(firstCode)) {
			assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", firstCode)),
					400, "invalid_code");
		}
		assertThat(this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", secondCode)).status())
			.isEqualTo(204);
		login(email, PASSWORD);
	}

	@Test
	void magicLinkSignsInOnce() {
		String email = uniqueEmail("magic");
		Tokens tokens = registerVerified(email, PASSWORD);
		DemoClient.Response request = this.http.post("/auth/magic-link/request", DemoClient.json("email", email));
		DemoClient.Response forUnknown = this.http.post("/auth/magic-link/request",
				DemoClient.json("email", uniqueEmail("magic-unknown")));
		assertThat(request.status()).isEqualTo(202);
		assertThat(forUnknown.status()).isEqualTo(202);
		assertThat(request.body()).isEqualTo(forUnknown.body());

		String body = TestMail.awaitMessage(email, 2);
		assertThat(body).contains("http://localhost:3000/magic-link?token=");
		String token = TestMail.linkToken(body);
		assertThat(token).matches("[A-Za-z0-9_-]{32,}");
		DemoClient.Response consumed = this.http.post("/auth/magic-link/consume", DemoClient.json("token", token));
		assertTokenResponse(consumed);
		assertThat(Tokens.of(consumed).userId()).isEqualTo(tokens.userId());
		assertThat(Tokens.of(consumed).workspaceId()).isEqualTo(tokens.workspaceId());

		assertProblem(this.http.post("/auth/magic-link/consume", DemoClient.json("token", token)), 401,
				"invalid_token");
	}

	@Test
	void magicLinkWhenEmailUnverifiedThenSignsInVerifiesTheEmailAndClearsThePasswordChosenAtSignup() {
		String email = uniqueEmail("magic-unverified");
		Signup signup = signup(email, PASSWORD);
		TestMail.awaitMessage(email, 1);
		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)).status())
			.isEqualTo(202);
		DemoClient.Response consumed = this.http.post("/auth/magic-link/consume",
				DemoClient.json("token", TestMail.linkToken(TestMail.awaitMessage(email, 2))));
		assertTokenResponse(consumed);
		assertThat(Tokens.of(consumed).userId()).isEqualTo(signup.userId());
		// pre-hijacking defence: whoever chose that password never proved the address (issue 10, High 2)
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 401,
				"invalid_credentials");
	}

	@Test
	void loginWhenTwoWorkspacesThenSelectionRequiredUntilOneIsNamed() {
		String email = uniqueEmail("two");
		Tokens tokens = registerVerified(email, PASSWORD);
		Workspace second = this.workspaces.createWorkspace("Second " + email, null, ClientInfo.SERVER);
		this.workspaces.addMember(second.id(), tokens.userId(), MembershipRole.MEMBER, ClientInfo.SERVER);

		DemoClient.Response ambiguous = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD));
		assertProblem(ambiguous, 409, "workspace_selection_required");
		assertThat(ambiguous.body()).doesNotContain("accessToken", "refreshToken");
		List<String> listed = new ArrayList<>();
		for (JsonNode choice : ambiguous.json().get("workspaces")) {
			listed.add(choice.get("workspaceId").asString());
		}
		assertThat(listed).containsExactlyInAnyOrder(tokens.workspaceId().toString(), second.id().toString());

		DemoClient.Response byBody = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD, "workspaceId", second.id().toString()));
		assertTokenResponse(byBody);
		assertThat(Tokens.of(byBody).workspaceId()).isEqualTo(second.id());

		DemoClient.Response byHeader = this.http.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD), WORKSPACE_HEADER, tokens.workspaceId().toString());
		assertTokenResponse(byHeader);
		assertThat(Tokens.of(byHeader).workspaceId()).isEqualTo(tokens.workspaceId());
	}

}
