package dev.systemauth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the demo app in one JVM on one database, as behind a load balancer: started at the same
 * moment on an empty database (so both run the migrations at once), then sharing refresh-token families,
 * throttle counters and memberships through PostgreSQL alone.
 * <p>
 * Settings are passed as command-line arguments: {@code SpringApplicationBuilder.properties(...)} are
 * default properties, the lowest precedence of all, so the demo's application.yml ({@code server.port:
 * ${PORT:8080}}, the development secrets) would override them.
 */
class TwoInstancesTests {

	private static final String PASSWORD = "two-instances-passphrase";

	private static final int IP_MAX_ATTEMPTS = 4;

	private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

	private static final TestDatabase database = TestDatabase.create();

	private static final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

	private static ConfigurableApplicationContext contextA;

	private static ConfigurableApplicationContext contextB;

	private static DemoClient httpA;

	private static DemoClient httpB;

	@BeforeAll
	static void startBothInstancesAtOnceOnAnEmptyDatabase() throws Exception {
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 'auth'", Integer.class))
			.as("the database is empty before the instances start")
			.isZero();
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService starters = Executors.newFixedThreadPool(2);
		try {
			Future<ConfigurableApplicationContext> a = starters.submit(() -> {
				go.await();
				return start();
			});
			Future<ConfigurableApplicationContext> b = starters.submit(() -> {
				go.await();
				return start();
			});
			go.countDown();
			List<Throwable> failures = new ArrayList<>();
			contextA = await(a, failures);
			contextB = await(b, failures);
			if (!failures.isEmpty()) {
				closeContexts();
				AssertionError error = new AssertionError("Both instances must start; failures: " + failures);
				failures.forEach(error::addSuppressed);
				throw error;
			}
		}
		finally {
			starters.shutdownNow();
		}
		httpA = new DemoClient(port(contextA));
		httpB = new DemoClient(port(contextB));
	}

	@AfterAll
	static void closeBothInstancesAndDropDatabase() {
		closeContexts();
		database.drop();
	}

	private static void closeContexts() {
		if (contextA != null) {
			contextA.close();
		}
		if (contextB != null) {
			contextB.close();
		}
		contextA = null;
		contextB = null;
	}

	@Test
	void startWhenTwoInstancesMigrateAnEmptyDatabaseAtOnceThenBothServeAndEachVersionIsAppliedOnce() {
		assertThat(contextA.isActive()).isTrue();
		assertThat(contextB.isActive()).isTrue();
		assertThat(port(contextA)).isNotEqualTo(port(contextB));
		assertThat(httpA.get("/actuator/health").status()).isEqualTo(200);
		assertThat(httpB.get("/actuator/health").status()).isEqualTo(200);

		List<Map<String, Object>> history = jdbc.queryForList(
				"SELECT version, success FROM auth.auth_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
		List<Integer> versions = history.stream().map((row) -> Integer.valueOf((String) row.get("version"))).toList();
		assertThat(versions).as("applied versions, in order").isEqualTo(releasedVersions());
		assertThat(versions).as("each version exactly once").doesNotHaveDuplicates();
		assertThat(history).as("history rows").allSatisfy((row) -> assertThat(row.get("success")).isEqualTo(true));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM auth.auth_schema_history WHERE NOT success",
				Integer.class))
			.as("failed history rows of any kind")
			.isZero();
	}

	@Test
	void refreshWhenTokenRotatedOnOneInstanceIsPresentedOnTheOtherThenReuseRevokesTheWholeFamily() {
		String email = EndToEndSupport.uniqueEmail("two-refresh");
		Tokens first = registerVerified(email);
		DemoClient.Response rotated = refresh(httpA, first.refreshToken());
		EndToEndSupport.assertTokenResponse(rotated);
		String successor = rotated.text("refreshToken");
		assertThat(successor).isNotEqualTo(first.refreshToken());

		DemoClient.Response reuse = refresh(httpB, first.refreshToken());
		EndToEndSupport.assertProblem(reuse, 401, "invalid_token");
		assertThat(reuse.body()).doesNotContain("accessToken", "refreshToken", successor);

		DemoClient.Response successorAfterReuse = refresh(httpA, successor);
		EndToEndSupport.assertProblem(successorAfterReuse, 401, "invalid_token");
		assertThat(successorAfterReuse.body()).doesNotContain("accessToken");
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM auth.refresh_tokens WHERE user_id = ? AND revoked_at IS NULL", Integer.class,
				first.userId()))
			.as("live refresh tokens of the user after reuse")
			.isZero();
		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM auth.audit_logs WHERE event_type = 'refresh_reuse_detected' AND user_id = ?""",
				Integer.class, first.userId()))
			.as("reuse audited once")
			.isEqualTo(1);
	}

	@Test
	void loginWhenWrongPasswordsAreSpreadOverBothInstancesThenTheIpLimitCountsThemTogether() {
		String email = EndToEndSupport.uniqueEmail("two-throttle");
		registerVerified(email);
		String clientIp = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
		String otherIp = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
		List<DemoClient.Response> failures = List.of(wrongLogin(httpA, email, clientIp), wrongLogin(httpA, email, clientIp),
				wrongLogin(httpB, email, clientIp), wrongLogin(httpB, email, clientIp));
		assertThat(failures).as("the first %d failures, 2 per instance", IP_MAX_ATTEMPTS)
			.allSatisfy((response) -> EndToEndSupport.assertProblem(response, 401, "invalid_credentials"));

		for (DemoClient client : new DemoClient[] { httpA, httpB }) {
			DemoClient.Response refused = wrongLogin(client, email, clientIp);
			EndToEndSupport.assertProblem(refused, 429, "too_many_requests");
			assertThat(refused.header("Retry-After")).as("Retry-After of %s", refused).isNotNull();
			assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 300L);
		}
		DemoClient.Response rightPassword = httpB.post("/auth/login",
				DemoClient.json("email", email, "password", PASSWORD), "X-Forwarded-For", clientIp);
		EndToEndSupport.assertProblem(rightPassword, 429, "too_many_requests");
		assertThat(rightPassword.body()).doesNotContain("accessToken");
		EndToEndSupport.assertProblem(wrongLogin(httpA, email, otherIp), 401, "invalid_credentials");
	}

	@Test
	void tenantMeWhenMembershipRemovedThroughOneInstanceThenTheOtherRefusesAtOnce() {
		String email = EndToEndSupport.uniqueEmail("two-member");
		Tokens tokens = registerVerified(email);
		assertThat(tenantMe(httpB, tokens).status()).isEqualTo(200);
		WorkspaceService workspacesOfA = contextA.getBean(WorkspaceService.class);

		assertThat(workspacesOfA.removeMember(tokens.workspaceId(), tokens.userId(), ClientInfo.SERVER)).isTrue();

		EndToEndSupport.assertProblem(tenantMe(httpA, tokens), 403, "membership_inactive");
		DemoClient.Response refused = awaitRefusalWithinOneSecond(httpB, tokens);
		EndToEndSupport.assertProblem(refused, 403, "membership_inactive");
		assertThat(refused.body()).doesNotContain("\"ok\"", tokens.userId().toString());
		EndToEndSupport.assertProblem(tenantMe(httpA, tokens), 403, "membership_inactive");
	}

	/**
	 * Issue 10, High 1: ending a session on one instance refuses its access token on the other within 1 s,
	 * long before the token expires. B has served the token (and cached the membership) before the logout.
	 */
	@Test
	void tenantMeWhenSessionLoggedOutThroughOneInstanceThenTheOtherRefusesItsAccessTokenWithinOneSecond() {
		String email = EndToEndSupport.uniqueEmail("two-logout");
		Tokens tokens = registerVerified(email);
		assertThat(tenantMe(httpB, tokens).status()).isEqualTo(200);
		assertThat(tenantMe(httpB, tokens).status()).isEqualTo(200);

		DemoClient.Response logout = httpA.post("/auth/logout", DemoClient.json("refreshToken", tokens.refreshToken()));
		assertThat(logout.status()).isEqualTo(204);

		EndToEndSupport.assertProblem(tenantMe(httpA, tokens), 401, "invalid_token");
		EndToEndSupport.assertProblem(awaitRefusalWithinOneSecond(httpB, tokens), 401, "invalid_token");
	}

	// mfa policy: begin
	/**
	 * Requiring a second factor through one instance refuses, on the other within 1 s, the access token of a
	 * member without one; the owner, who has one, keeps working on both.
	 */
	@Test
	void tenantMeWhenWorkspaceStartsRequiringMfaThroughOneInstanceThenTheOtherRefusesMembersWithoutIt() {
		Tokens owner = registerVerified(EndToEndSupport.uniqueEmail("two-policy-owner"));
		String memberEmail = EndToEndSupport.uniqueEmail("two-policy-member");
		Tokens own = registerVerified(memberEmail);
		contextA.getBean(WorkspaceService.class)
			.addMember(owner.workspaceId(), own.userId(), dev.systemauth.core.tenant.MembershipRole.MEMBER,
					ClientInfo.SERVER);
		DemoClient.Response login = httpA.post("/auth/login", DemoClient.json("email", memberEmail, "password",
				PASSWORD, "workspaceId", owner.workspaceId().toString()));
		EndToEndSupport.assertTokenResponse(login);
		Tokens member = new Tokens(login.text("accessToken"), login.text("refreshToken"), own.userId(),
				owner.workspaceId());
		assertThat(tenantMe(httpB, member).status()).isEqualTo(200);
		assertThat(tenantMe(httpB, member).status()).isEqualTo(200);
		String[] ownerBearer = { "Authorization", "Bearer " + owner.accessToken(), EndToEndSupport.WORKSPACE_HEADER,
				owner.workspaceId().toString() };
		DemoClient.Response enrolled = httpA.post("/auth/mfa/totp/enroll", "{}", ownerBearer);
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		byte[] secret = dev.systemauth.core.mfa.Base32.decode(enrolled.text("secret"));
		String code = dev.systemauth.core.mfa.Totp.code(secret,
				dev.systemauth.core.mfa.Totp.step(java.time.Instant.now()), dev.systemauth.core.mfa.Totp.DIGITS);
		assertThat(httpA.post("/auth/mfa/totp/confirm", DemoClient.json("code", code), ownerBearer).status())
			.isEqualTo(200);

		DemoClient.Response changed = httpA.send(httpA.request("/auth/workspaces/" + owner.workspaceId(), ownerBearer)
			.header("Content-Type", "application/json")
			.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"mfaRequired\": true}")));
		assertThat(changed.status()).as("%s", changed).isEqualTo(200);

		EndToEndSupport.assertProblem(tenantMe(httpA, member), 401, "invalid_token");
		EndToEndSupport.assertProblem(awaitRefusalWithinOneSecond(httpB, member), 401, "invalid_token");
		assertThat(tenantMe(httpB, owner).status()).isEqualTo(200);
	}
	// mfa policy: end

	/** Polls B until it refuses the token, failing when that takes a second or more. */
	private static DemoClient.Response awaitRefusalWithinOneSecond(DemoClient client, Tokens tokens) {
		long start = System.nanoTime();
		DemoClient.Response response = tenantMe(client, tokens);
		while (response.status() == 200 && System.nanoTime() - start < java.time.Duration.ofSeconds(1).toNanos()) {
			TestMail.sleep(20);
			response = tenantMe(client, tokens);
		}
		return response;
	}

	/** Signs up on B, verifies the mailed code on A and logs in on A. */
	private static Tokens registerVerified(String email) {
		DemoClient.Response signup = httpB.post("/auth/signup", DemoClient.json("email", email, "password", PASSWORD));
		assertThat(signup.status()).as("signup %s", signup).isEqualTo(201);
		String code = TestMail.verificationCode(TestMail.awaitMessage(email.toLowerCase(Locale.ROOT), 1));
		DemoClient.Response verify = httpA.post("/auth/verify-email", DemoClient.json("email", email, "code", code));
		assertThat(verify.status()).as("verify-email %s", verify).isEqualTo(204);
		DemoClient.Response login = httpA.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		EndToEndSupport.assertTokenResponse(login);
		return new Tokens(login.text("accessToken"), login.text("refreshToken"), UUID.fromString(login.text("userId")),
				UUID.fromString(login.text("workspaceId")));
	}

	private static DemoClient.Response wrongLogin(DemoClient client, String email, String clientIp) {
		return client.post("/auth/login", DemoClient.json("email", email, "password", "not-" + PASSWORD),
				"X-Forwarded-For", clientIp);
	}

	private static DemoClient.Response refresh(DemoClient client, String refreshToken) {
		return client.post("/auth/refresh", DemoClient.json("refreshToken", refreshToken));
	}

	private static DemoClient.Response tenantMe(DemoClient client, Tokens tokens) {
		return client.get("/tenant/me", "Authorization", "Bearer " + tokens.accessToken(),
				EndToEndSupport.WORKSPACE_HEADER, tokens.workspaceId().toString());
	}

	/** The versions of the migration files on the classpath, in ascending order. */
	private static List<Integer> releasedVersions() {
		TreeSet<Integer> versions = new TreeSet<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:auth/db/migration/**/V*.sql")) {
				Matcher matcher = MIGRATION.matcher(resource.getFilename());
				assertThat(matcher.matches()).as("migration file name %s", resource.getFilename()).isTrue();
				versions.add(Integer.valueOf(matcher.group(1)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(versions).as("released migrations").isNotEmpty();
		return List.copyOf(versions);
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(DemoApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + ((database.password() != null) ? database.password() : ""),
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestMail.smtpPort(),
				"--auth.database.connection-string=", "--auth.password.bcrypt-cost=10",
				"--auth.jwt.access-token-secret=" + EndToEndSupport.ACCESS_SECRET,
				"--auth.jwt.refresh-token-secret=e2e-refresh-secret-0123456789abcdef-0123456789",
				"--auth.jwt.token-hash-secret=e2e-token-hash-secret-0123456789abcdef-012345",
				"--auth.classic.require-email-verification=true", "--auth.links.base-url=http://localhost:3000",
				"--auth.mail.log-contents=true", "--demo.bootstrap.email=",
				"--auth.web.trusted-proxies=127.0.0.1,0:0:0:0:0:0:0:1",
				"--auth.throttle.ip-max-attempts=" + IP_MAX_ATTEMPTS, "--auth.throttle.ip-max-email-requests=1000000",
				"--auth.throttle.email-max-per-recipient=1000000", "--auth.throttle.account-max-failures=1000000");
	}

	private static ConfigurableApplicationContext await(Future<ConfigurableApplicationContext> start,
			List<Throwable> failures) throws InterruptedException {
		try {
			return start.get(60, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			failures.add(ex.getCause());
			return null;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			failures.add(ex);
			return null;
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
		assertThat(port).as("local.server.port").isNotNull().isPositive();
		return port;
	}

	/**
	 * A token response.
	 *
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param userId the user
	 * @param workspaceId the workspace of the session
	 */
	private record Tokens(String accessToken, String refreshToken, UUID userId, UUID workspaceId) {
	}

}
