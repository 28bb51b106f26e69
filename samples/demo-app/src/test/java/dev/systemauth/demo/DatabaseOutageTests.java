package dev.systemauth.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fail closed on every route: the app reaches PostgreSQL through a TCP proxy the test cuts, and while the
 * database is gone each auth route and the protected route answer 503 {@code service_unavailable} with
 * {@code Retry-After} (never a 2xx, never a 500, never a token), without hanging; requests refused that way
 * are not carried out, and the app serves again by itself once the database is back. The throttle stays
 * enabled (with limits out of reach), so the routes that answer 202 at once still count the request in the
 * database first.
 */
@TestPropertySource(properties = { "spring.datasource.hikari.connection-timeout=1000",
		"spring.datasource.hikari.validation-timeout=500", "auth.throttle.enabled=true" })
class DatabaseOutageTests extends EndToEndSupport {

	/** A hang guard, not a performance target. */
	private static final Duration BOUNDED = Duration.ofSeconds(10);

	private static final String PASSWORD = "harbour-lamplight-passphrase";

	private static final String NEW_PASSWORD = "harbour-new-lamplight-passphrase";

	static final TestDatabase database = TestDatabase.create();

	static final TcpProxy proxy = TcpProxy.inFrontOf(database);

	/** Direct access to the database, outside the app and its proxy. */
	final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", proxy::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

	/** Every test starts with the database reachable and the pool serving again. */
	@AfterEach
	void restoreProxyAndAwaitRecovery() {
		proxy.restore();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		int status = 0;
		while (status != 202 && System.nanoTime() < deadline) {
			status = this.http.post("/auth/forgot-password", DemoClient.json("email", "nobody-outage@e2e.test")).status();
			if (status != 202) {
				TestMail.sleep(100);
			}
		}
		assertThat(status).as("a database-backed route after restore").isEqualTo(202);
	}

	@Test
	void everyRouteWhenDatabaseUnreachableThenServiceUnavailableNothingCarriedOutAndServedAgainWithoutRestart() {
		Secrets secrets = secretsWhileDatabaseUp();

		cutAndLetPooledConnectionsIdle();

		assertUnavailable(secrets.tokens(), send(routes(secrets)));

		proxy.restore();

		awaitTenantMeServedAgain(secrets.tokens());
		assertTokenResponse(this.http.post("/auth/login", DemoClient.json("email", secrets.email(), "password", PASSWORD)));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.users WHERE email = ?", Integer.class,
				secrets.signupEmail()))
			.as("accounts of the signup refused during the outage")
			.isZero();
		assertThat(signup(secrets.signupEmail(), PASSWORD).userId()).isNotNull();
		assertTokenResponse(refresh(secrets.tokens().refreshToken()));
		assertThat(this.http
			.post("/auth/verify-email", DemoClient.json("email", secrets.pendingEmail(), "code", secrets.pendingCode()))
			.status()).as("the verification code presented during the outage").isEqualTo(204);
		assertTokenResponse(this.http.post("/auth/magic-link/consume", DemoClient.json("token", secrets.magicToken())));
		assertThat(this.http
			.post("/auth/reset-password", DemoClient.json("token", secrets.resetToken(), "password", NEW_PASSWORD))
			.status()).as("the reset token presented during the outage").isEqualTo(204);
		login(secrets.email(), NEW_PASSWORD);
		assertThat(TestMail.messagesTo(secrets.email())).as("mail to the user: verification, reset, magic link only")
			.hasSize(3);
		assertThat(TestMail.messagesTo(secrets.pendingEmail())).as("mail to the pending user: the first code only")
			.hasSize(1);
	}

	/**
	 * The database drops just after a request was served, so the pooled connection that served it is handed
	 * out again without a liveness check (Hikari skips it for connections used in the last 500 ms) and dies
	 * inside the transaction of the next request: that request must answer 503 as well, not 500. Signup,
	 * refresh and logout are the routes whose first statement runs in a transaction.
	 */
	@Test
	void transactionalRouteWhenDatabaseDropsRightAfterAConnectionWasUsedThenServiceUnavailableNotInternalError() {
		Tokens tokens = registerVerified(uniqueEmail("outage-warm"), PASSWORD);
		Map<String, Supplier<DemoClient.Response>> transactionFirst = new LinkedHashMap<>();
		transactionFirst.put("POST /auth/signup", () -> this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("outage-warm-signup"), "password", PASSWORD)));
		transactionFirst.put("POST /auth/refresh", () -> refresh(tokens.refreshToken()));
		transactionFirst.put("POST /auth/logout",
				() -> this.http.post("/auth/logout", DemoClient.json("refreshToken", tokens.refreshToken())));
		Map<String, Answer> answers = new LinkedHashMap<>();
		transactionFirst.forEach((route, call) -> {
			restoreProxyAndAwaitRecovery();
			assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).as("warm-up").isEqualTo(200);
			proxy.cut();
			answers.putAll(send(Map.of(route, call)));
		});
		assertUnavailable(tokens, answers);
	}

	/**
	 * Creates, while the database is up, a verified user with a session, a second user still to verify, and
	 * an unused reset token and magic link: every request sent during the outage would succeed otherwise.
	 */
	private Secrets secretsWhileDatabaseUp() {
		String email = uniqueEmail("outage");
		Tokens tokens = registerVerified(email, PASSWORD);
		String pendingEmail = uniqueEmail("outage-pending");
		signup(pendingEmail, PASSWORD);
		String pendingCode = TestMail.verificationCode(TestMail.awaitMessage(pendingEmail, 1));
		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
		String resetToken = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)).status())
			.isEqualTo(202);
		String magicToken = TestMail.linkToken(TestMail.awaitMessage(email, 3));
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		return new Secrets(email, tokens, pendingEmail, pendingCode, resetToken, magicToken,
				uniqueEmail("outage-signup"));
	}

	/**
	 * Cuts the database and waits past Hikari's 500 ms alive-bypass window, so that every pooled connection
	 * is checked before it is handed out (the case of a connection reused at once is the test above).
	 */
	private static void cutAndLetPooledConnectionsIdle() {
		proxy.cut();
		TestMail.sleep(600);
	}

	/** One request per route, each of which would succeed with the database up. */
	private Map<String, Supplier<DemoClient.Response>> routes(Secrets secrets) {
		String bearer = "Bearer " + secrets.tokens().accessToken();
		Map<String, Supplier<DemoClient.Response>> routes = new LinkedHashMap<>();
		routes.put("POST /auth/signup", () -> this.http.post("/auth/signup",
				DemoClient.json("email", secrets.signupEmail(), "password", PASSWORD)));
		routes.put("POST /auth/login",
				() -> this.http.post("/auth/login", DemoClient.json("email", secrets.email(), "password", PASSWORD)));
		routes.put("POST /auth/refresh", () -> refresh(secrets.tokens().refreshToken()));
		routes.put("POST /auth/logout", () -> this.http.post("/auth/logout",
				DemoClient.json("refreshToken", secrets.tokens().refreshToken())));
		routes.put("POST /auth/forgot-password",
				() -> this.http.post("/auth/forgot-password", DemoClient.json("email", secrets.email())));
		routes.put("POST /auth/reset-password", () -> this.http.post("/auth/reset-password",
				DemoClient.json("token", secrets.resetToken(), "password", NEW_PASSWORD)));
		routes.put("POST /auth/verify-email", () -> this.http.post("/auth/verify-email",
				DemoClient.json("email", secrets.pendingEmail(), "code", secrets.pendingCode())));
		routes.put("POST /auth/verify-email/resend",
				() -> this.http.post("/auth/verify-email/resend", DemoClient.json("email", secrets.pendingEmail())));
		routes.put("POST /auth/magic-link/request",
				() -> this.http.post("/auth/magic-link/request", DemoClient.json("email", secrets.email())));
		routes.put("POST /auth/magic-link/consume",
				() -> this.http.post("/auth/magic-link/consume", DemoClient.json("token", secrets.magicToken())));
		routes.put("POST /auth/switch-workspace", () -> this.http.post("/auth/switch-workspace",
				DemoClient.json("workspaceId", secrets.tokens().workspaceId().toString()), "Authorization", bearer));
		routes.put("GET /tenant/me", () -> tenantMe(secrets.tokens().accessToken(), secrets.tokens().workspaceId()));
		return routes;
	}

	/** Sends each request in turn, timing it. */
	private static Map<String, Answer> send(Map<String, Supplier<DemoClient.Response>> routes) {
		Map<String, Answer> answers = new LinkedHashMap<>();
		routes.forEach((route, call) -> {
			long start = System.nanoTime();
			DemoClient.Response response = call.get();
			answers.put(route, new Answer(response, Duration.ofNanos(System.nanoTime() - start)));
		});
		return answers;
	}

	/** Checks every answer, and reports every route that fails, not only the first. */
	private static void assertUnavailable(Tokens tokens, Map<String, Answer> answers) {
		assertThat(answers).allSatisfy((route, answer) -> {
			DemoClient.Response response = answer.response();
			assertThat(response.status()).as("%s answered %s", route, response).isEqualTo(503);
			assertThat(response.contentType()).as("%s content type", route).startsWith(PROBLEM_JSON);
			assertThat(response.code()).as("%s code", route).isEqualTo("service_unavailable");
			assertThat(response.json().path("status").asInt()).as("%s status member", route).isEqualTo(503);
			assertThat(response.header("Retry-After")).as("%s Retry-After", route).isNotBlank();
			assertThat(answer.took()).as("%s time to answer", route).isLessThan(BOUNDED);
			assertThat(response.body()).as("%s body", route)
				.doesNotContain("accessToken", "refreshToken", tokens.accessToken(), tokens.refreshToken())
				.doesNotContainIgnoringCase("sql")
				.doesNotContain("Exception", "Hikari", "jdbc");
		});
	}

	/**
	 * What a test prepares while the database is up.
	 *
	 * @param email a verified user
	 * @param tokens a session of that user
	 * @param pendingEmail a user who has not verified the email yet
	 * @param pendingCode the verification code mailed to that user
	 * @param resetToken an unused password-reset token of the verified user
	 * @param magicToken an unused magic-link token of the verified user
	 * @param signupEmail an address with no account yet
	 */
	private record Secrets(String email, Tokens tokens, String pendingEmail, String pendingCode, String resetToken,
			String magicToken, String signupEmail) {
	}

	/**
	 * One answer during the outage.
	 *
	 * @param response the response
	 * @param took how long it took
	 */
	private record Answer(DemoClient.Response response, Duration took) {
	}

}
