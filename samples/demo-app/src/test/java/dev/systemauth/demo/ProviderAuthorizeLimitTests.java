package dev.systemauth.demo;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /auth/oauth/{provider}/authorize} stores an authorization request per call, so its calls are
 * limited per client IP ({@code auth.throttle.ip-max-authorize-requests}, here 3): the call over the limit is
 * 429 {@code too_many_requests} with {@code Retry-After} and stores nothing; another IP is not affected. The
 * client IP comes from {@code X-Forwarded-For} (the test client is a trusted proxy), so each test has its own.
 */
@TestPropertySource(properties = { "auth.throttle.ip-max-authorize-requests=3",
		"auth.web.trusted-proxies=127.0.0.1,0:0:0:0:0:0:0:1" })
class ProviderAuthorizeLimitTests extends AbstractProviderSignInTests {

	@Test
	void authorizeWhenOverThePerIpLimitThenTooManyRequestsWithRetryAfterAndNoRowStored() {
		String ip = randomIp();
		Instant start = Instant.now();
		for (int i = 0; i < 3; i++) {
			DemoClient.Response started = authorize(ip);
			assertThat(started.status()).as("call %d: %s", i + 1, started).isEqualTo(302);
			assertThat(started.header("Location")).startsWith(oidc.authorizationEndpointUrl("sso").toString());
		}
		assertThat(storedSince(start)).isEqualTo(3);

		DemoClient.Response refused = authorize(ip);

		assertProblem(refused, 429, "too_many_requests");
		assertThat(refused.header("Location")).isNull();
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 300L);
		assertThat(storedSince(start)).as("no row for the refused call").isEqualTo(3);
		assertThat(authorize(randomIp()).status()).as("another IP").isEqualTo(302);
		assertThat(storedSince(start)).isEqualTo(4);
	}

	@Test
	void authorizeWhenProviderUnknownThenNotFoundAndNotCounted() {
		String ip = randomIp();
		for (int i = 0; i < 5; i++) {
			assertProblem(this.http.get("/auth/oauth/nope/authorize", "X-Forwarded-For", ip), 404, "not_found");
		}
		assertThat(authorize(ip).status()).isEqualTo(302);
	}

	private DemoClient.Response authorize(String ip) {
		return this.http.get("/auth/oauth/sso/authorize", "X-Forwarded-For", ip);
	}

	private int storedSince(Instant start) {
		return this.jdbc.queryForObject("SELECT count(*) FROM auth.oauth_authorizations WHERE created_at >= ?",
				Integer.class, Timestamp.from(start));
	}

	private static String randomIp() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "203.0." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
	}

}
