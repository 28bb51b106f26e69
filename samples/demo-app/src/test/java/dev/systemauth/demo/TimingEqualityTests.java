package dev.systemauth.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that must not reveal whether an account exists must not reveal it through their timing either.
 * Statistics, not a stopwatch: samples of the two cases are interleaved (so drift hits both alike), and the
 * medians must lie within a generous margin of each other. With the protections removed the gaps are far
 * outside it: a login for an unknown email that skips bcrypt answers in about a millisecond instead of
 * tens, and a forgot-password that stores a token and sends mail on the request thread is several times
 * slower for an existing account.
 */
class TimingEqualityTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "measured passphrase of the user";

	private static final int SAMPLES = 80;

	@Test
	void loginWhenUnknownEmailThenTakesAsLongAsWrongPassword() {
		String known = uniqueEmail("timing-known");
		registerVerified(known, PASSWORD);
		String unknown = uniqueEmail("timing-unknown");
		Samples samples = interleave(
				() -> this.http.post("/auth/login", DemoClient.json("email", known, "password", "wrong " + PASSWORD)),
				() -> this.http.post("/auth/login", DemoClient.json("email", unknown, "password", "wrong " + PASSWORD)),
				401);
		assertThat(samples.medianGapMillis())
			.as("median login time, wrong password %.2f ms vs unknown email %.2f ms", samples.medianA(),
					samples.medianB())
			.isLessThanOrEqualTo(samples.margin(0.25, 5));
	}

	@Test
	void forgotPasswordWhenAccountMissingThenTakesAsLongAsWhenItExists() {
		String known = uniqueEmail("timing-reset");
		registerVerified(known, PASSWORD);
		String unknown = uniqueEmail("timing-nobody");
		Samples samples = interleave(() -> this.http.post("/auth/forgot-password", DemoClient.json("email", known)),
				() -> this.http.post("/auth/forgot-password", DemoClient.json("email", unknown)), 202);
		assertThat(samples.medianGapMillis())
			.as("median forgot-password time, existing %.2f ms vs missing %.2f ms", samples.medianA(),
					samples.medianB())
			.isLessThanOrEqualTo(samples.margin(0.5, 2));
	}

	private Samples interleave(Supplier<DemoClient.Response> a, Supplier<DemoClient.Response> b, int status) {
		for (int i = 0; i < 5; i++) {
			a.get();
			b.get();
		}
		List<Double> timesA = new ArrayList<>();
		List<Double> timesB = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++) {
			boolean aFirst = (i % 2 == 0);
			if (aFirst) {
				timesA.add(time(a, status));
				timesB.add(time(b, status));
			}
			else {
				timesB.add(time(b, status));
				timesA.add(time(a, status));
			}
		}
		return new Samples(median(timesA), median(timesB));
	}

	private static double time(Supplier<DemoClient.Response> request, int status) {
		long start = System.nanoTime();
		DemoClient.Response response = request.get();
		long elapsed = System.nanoTime() - start;
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		return elapsed / 1_000_000.0;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/**
	 * The medians of two interleaved series, in milliseconds.
	 *
	 * @param medianA the first case's median
	 * @param medianB the second case's median
	 */
	private record Samples(double medianA, double medianB) {

		double medianGapMillis() {
			return Math.abs(this.medianA - this.medianB);
		}

		/** The allowed gap: a fraction of the slower median, but never less than a floor in milliseconds. */
		double margin(double fraction, double floorMillis) {
			return Math.max(fraction * Math.max(this.medianA, this.medianB), floorMillis);
		}

	}

}
