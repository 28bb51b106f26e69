package dev.systemauth.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races over real HTTP: the database, not the app's memory, decides who wins.
 */
class ConcurrencyTests extends AbstractDemoAppTests {

	private static final int CALLERS = 20;

	private static final String PASSWORD = "concurrency-passphrase";

	@Test
	void refreshWhenOneTokenPresentedConcurrentlyThenExactlyOneRotation() throws Exception {
		Tokens tokens = registerVerified(uniqueEmail("race-refresh"), PASSWORD);
		List<DemoClient.Response> responses = race(() -> refresh(tokens.refreshToken()));

		assertThat(responses).noneMatch((r) -> r.status() >= 500);
		assertThat(responses).filteredOn((r) -> r.status() == 200).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() != 200).hasSize(CALLERS - 1).allSatisfy((r) -> {
			assertThat(r.status()).isEqualTo(401);
			assertThat(r.code()).isEqualTo("invalid_token");
		});
		Long rotations = this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.refresh_tokens WHERE user_id = ? AND revoked_reason = 'rotated'", Long.class,
				tokens.userId());
		assertThat(rotations).isEqualTo(1);
	}

	@Test
	void signupWhenOneEmailSignsUpConcurrentlyThenExactlyOneAccount() throws Exception {
		String email = uniqueEmail("race-signup");
		List<DemoClient.Response> responses = race(
				() -> this.http.post("/auth/signup", DemoClient.json("email", email, "password", PASSWORD)));

		assertThat(responses).noneMatch((r) -> r.status() >= 500);
		assertThat(responses).filteredOn((r) -> r.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() != 201).hasSize(CALLERS - 1).allSatisfy((r) -> {
			assertThat(r.status()).isEqualTo(409);
			assertThat(r.code()).isEqualTo("email_taken");
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.users WHERE lower(email) = lower(?)", Long.class,
				email))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.workspace_members m JOIN auth.users u ON u.id = m.user_id WHERE u.email = ?",
				Long.class, email))
			.isEqualTo(1);
	}

	@Test
	void singleUseTokensWhenUsedConcurrentlyThenExactlyOneUse() throws Exception {
		String email = uniqueEmail("race-once");
		signup(email, PASSWORD);
		String code = TestMail.verificationCode(TestMail.awaitMessage(email, 1));
		List<DemoClient.Response> verifications = race(
				() -> this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", code)));
		assertExactlyOne(verifications, 204, 400, "invalid_code");

		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)).status()).isEqualTo(202);
		String magic = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		List<DemoClient.Response> consumes = race(
				() -> this.http.post("/auth/magic-link/consume", DemoClient.json("token", magic)));
		assertExactlyOne(consumes, 200, 401, "invalid_token");

		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
		String reset = TestMail.linkToken(TestMail.awaitMessage(email, 3));
		List<DemoClient.Response> resets = race(() -> this.http.post("/auth/reset-password",
				DemoClient.json("token", reset, "password", "raced-new-passphrase")));
		assertExactlyOne(resets, 204, 400, "invalid_or_expired_token");
		login(email, "raced-new-passphrase");
	}

	private static void assertExactlyOne(List<DemoClient.Response> responses, int winner, int loser, String code) {
		assertThat(responses).noneMatch((r) -> r.status() >= 500);
		assertThat(responses).filteredOn((r) -> r.status() == winner).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() != winner).hasSize(CALLERS - 1).allSatisfy((r) -> {
			assertThat(r.status()).isEqualTo(loser);
			assertThat(r.code()).isEqualTo(code);
		});
	}

	private static List<DemoClient.Response> race(Supplier<DemoClient.Response> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(CALLERS);
		try {
			CountDownLatch ready = new CountDownLatch(CALLERS);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<DemoClient.Response>> futures = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return call.get();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<DemoClient.Response> responses = new ArrayList<>();
			for (Future<DemoClient.Response> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
