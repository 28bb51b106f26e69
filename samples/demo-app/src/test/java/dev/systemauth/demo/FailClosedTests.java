package dev.systemauth.demo;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app reaches PostgreSQL through a TCP proxy the test can cut: while the database is gone, protected
 * requests and auth routes answer 503 {@code service_unavailable} quickly (never 200, never 500), and they
 * recover by themselves once it is back.
 */
@TestPropertySource(properties = { "spring.datasource.hikari.connection-timeout=1000",
		"spring.datasource.hikari.validation-timeout=500" })
class FailClosedTests extends EndToEndSupport {

	private static final Duration FAST = Duration.ofSeconds(5);

	private static final String PASSWORD = "sealed-vault-passphrase";

	static final TestDatabase database = TestDatabase.create();

	static final TcpProxy proxy = TcpProxy.inFrontOf(database);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", proxy::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

	@AfterEach
	void restoreProxy() {
		proxy.restore();
	}

	@Test
	void requestsWhenDatabaseUnreachableThenServiceUnavailableAndRecoverWithoutRestart() {
		String email = uniqueEmail("fail-closed");
		Tokens tokens = registerVerified(email, PASSWORD);
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);

		proxy.cut();

		// the membership cache (on by default) may serve what it checked for up to 3 s, until the listener
		// cannot prove delivery; from then on the check goes to the database, and fails closed
		awaitUnavailable(() -> tenantMe(tokens.accessToken(), tokens.workspaceId()));
		assertUnavailableQuickly(() -> tenantMe(tokens.accessToken(), tokens.workspaceId()));
		assertUnavailableQuickly(
				() -> this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)));
		assertUnavailableQuickly(() -> refresh(tokens.refreshToken()));

		proxy.restore();

		awaitTenantMeServedAgain(tokens);
		login(email, PASSWORD);
		assertTokenResponse(refresh(tokens.refreshToken()));
	}

	/** Polls until 503; in between only 200 (served from the cache) is acceptable, never 500. */
	private static void awaitUnavailable(java.util.function.Supplier<DemoClient.Response> call) {
		long deadline = System.nanoTime() + FAST.toNanos();
		DemoClient.Response response = call.get();
		while (response.status() == 200 && System.nanoTime() < deadline) {
			TestMail.sleep(50);
			response = call.get();
		}
		assertProblem(response, 503, "service_unavailable");
	}

	private static void assertUnavailableQuickly(java.util.function.Supplier<DemoClient.Response> call) {
		long start = System.nanoTime();
		DemoClient.Response response = call.get();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertProblem(response, 503, "service_unavailable");
		assertThat(took).as("time to answer %s", response).isLessThan(FAST);
		assertThat(response.body()).doesNotContainIgnoringCase("sql").doesNotContain("Exception", "Hikari", "jdbc");
	}

}
