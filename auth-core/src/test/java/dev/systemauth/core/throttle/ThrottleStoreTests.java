package dev.systemauth.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.MutableClock;
import dev.systemauth.core.Race;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ThrottleStore} on a real PostgreSQL: fixed windows, peeking without counting, resets, purging,
 * several keys per statement, settling reservations, and no lost update (nor deadlock) when many threads hit
 * the same keys at once.
 */
class ThrottleStoreTests {

	private static final Duration WINDOW = Duration.ofMinutes(5);

	private CoreFixture fixture;

	private ThrottleStore store;

	private MutableClock clock;

	@BeforeEach
	void createStore() {
		this.fixture = CoreFixture.create();
		this.store = new ThrottleStore(this.fixture.database());
		this.clock = this.fixture.clock();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void hitWhenRepeatedInWindowThenCountsOneTwoThreeAndKeepsTheWindow() {
		Instant opened = this.clock.instant();
		assertThat(hit("ip:cred:198.51.100.1")).isEqualTo(new ThrottleStore.Count(1, opened.plus(WINDOW)));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(hit("ip:cred:198.51.100.1")).isEqualTo(new ThrottleStore.Count(2, opened.plus(WINDOW)));
		this.clock.advance(Duration.ofMinutes(3).plusSeconds(59));
		assertThat(hit("ip:cred:198.51.100.1")).isEqualTo(new ThrottleStore.Count(3, opened.plus(WINDOW)));
	}

	@Test
	void hitWhenKeysDifferThenCountedApart() {
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		assertThat(hit("ip:cred:198.51.100.2").hits()).isEqualTo(1);
		assertThat(hit("ip:cred:198.51.100.1").hits()).isEqualTo(3);
	}

	@Test
	void hitWhenWindowPassedThenNewWindowStartsAtOne() {
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		this.clock.advance(WINDOW.plusSeconds(1));
		Instant reopened = this.clock.instant();
		assertThat(hit("ip:cred:198.51.100.1")).isEqualTo(new ThrottleStore.Count(1, reopened.plus(WINDOW)));
		assertThat(hit("ip:cred:198.51.100.1")).isEqualTo(new ThrottleStore.Count(2, reopened.plus(WINDOW)));
	}

	@Test
	void hitAndPeekWhenWindowJustEndedThenBothSeeANewWindow() {
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		this.clock.advance(WINDOW);
		assertThat(peek("ip:cred:198.51.100.1")).isEmpty();
		assertThat(hit("ip:cred:198.51.100.1").hits()).isEqualTo(1);
	}

	@Test
	void peekWhenCalledThenDoesNotCount() {
		Instant opened = this.clock.instant();
		assertThat(peek("ip:cred:198.51.100.1")).isEmpty();
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		for (int i = 0; i < 5; i++) {
			assertThat(peek("ip:cred:198.51.100.1")).contains(new ThrottleStore.Count(2, opened.plus(WINDOW)));
		}
		assertThat(hit("ip:cred:198.51.100.1").hits()).isEqualTo(3);
	}

	@Test
	void peekWhenWindowPassedThenEmpty() {
		hit("ip:cred:198.51.100.1");
		this.clock.advance(WINDOW.minusSeconds(1));
		assertThat(peek("ip:cred:198.51.100.1")).map(ThrottleStore.Count::hits).contains(1);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(peek("ip:cred:198.51.100.1")).isEmpty();
	}

	@Test
	void resetWhenCalledThenCounterForgottenAndOthersKept() {
		hit("account:a");
		hit("account:a");
		hit("account:b");
		this.store.reset("account:a");
		assertThat(peek("account:a")).isEmpty();
		assertThat(rows("account:a")).isZero();
		assertThat(peek("account:b")).map(ThrottleStore.Count::hits).contains(1);
		assertThat(hit("account:a").hits()).isEqualTo(1);
	}

	@Test
	void hitWhenFiftyThreadsHitOneKeyAtOnceThenEveryHitIsCounted() throws InterruptedException {
		Instant now = this.clock.instant();
		List<Race.Attempt<ThrottleStore.Count>> attempts = Race.run(50,
				(index) -> this.store.hit("ip:cred:203.0.113.99", WINDOW, now));
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.error()).isNull());
		assertThat(attempts).extracting((attempt) -> attempt.value().hits())
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
		assertThat(peek("ip:cred:203.0.113.99")).map(ThrottleStore.Count::hits).contains(50);
		assertThat(rows("ip:cred:203.0.113.99")).isEqualTo(1);
	}

	@Test
	void hitWhenSeveralKeysThenEachCountedInItsOwnWindow() {
		Instant opened = this.clock.instant();
		hit("ip:cred:198.51.100.1");
		Map<String, Duration> windows = Map.of("ip:cred:198.51.100.1", WINDOW, "account:a", Duration.ofMinutes(15));
		assertThat(this.store.hit(windows, this.clock.instant())).isEqualTo(
				Map.of("ip:cred:198.51.100.1", new ThrottleStore.Count(2, opened.plus(WINDOW)), "account:a",
						new ThrottleStore.Count(1, opened.plus(Duration.ofMinutes(15)))));
		this.clock.advance(WINDOW);
		Instant reopened = this.clock.instant();
		assertThat(this.store.hit(windows, reopened)).isEqualTo(
				Map.of("ip:cred:198.51.100.1", new ThrottleStore.Count(1, reopened.plus(WINDOW)), "account:a",
						new ThrottleStore.Count(2, opened.plus(Duration.ofMinutes(15)))));
		assertThat(this.store.hit(Map.of(), reopened)).isEmpty();
	}

	@Test
	void settleWhenCalledThenResetsSomeKeysAndTakesOneHitBackFromOthersNeverBelowZero() {
		hit("account:a");
		hit("account:a");
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.1");
		hit("ip:cred:198.51.100.2");
		this.store.settle(List.of("account:a"), List.of("ip:cred:198.51.100.1", "ip:cred:198.51.100.2"));
		assertThat(peek("account:a").map(ThrottleStore.Count::hits).orElse(0)).as("a reset count").isZero();
		assertThat(peek("ip:cred:198.51.100.1")).map(ThrottleStore.Count::hits).contains(1);
		assertThat(peek("ip:cred:198.51.100.2")).map(ThrottleStore.Count::hits).contains(0);
		this.store.settle(List.of(), List.of("ip:cred:198.51.100.2", "unknown"));
		assertThat(peek("ip:cred:198.51.100.2")).map(ThrottleStore.Count::hits).contains(0);
		assertThat(rows("unknown")).isZero();
	}

	@Test
	void hitWhenFiftyThreadsHitTwoKeysInEitherOrderThenEveryHitIsCountedWithoutDeadlock()
			throws InterruptedException {
		Instant now = this.clock.instant();
		List<Race.Attempt<Map<String, ThrottleStore.Count>>> attempts = Race.run(50, (index) -> {
			Map<String, Duration> windows = new LinkedHashMap<>();
			String first = (index % 2 == 0) ? "ip:cred:203.0.113.99" : "account:race";
			windows.put(first, WINDOW);
			windows.put(first.equals("account:race") ? "ip:cred:203.0.113.99" : "account:race", WINDOW);
			return this.store.hit(windows, now);
		});
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.error()).isNull());
		for (String key : List.of("ip:cred:203.0.113.99", "account:race")) {
			assertThat(attempts).extracting((attempt) -> attempt.value().get(key).hits())
				.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
		}
	}

	@Test
	void purgeOlderThanWhenCountersUntouchedSinceCutoffThenOnlyThoseDeleted() {
		hit("stale");
		hit("refreshed");
		this.clock.advance(Duration.ofHours(2));
		hit("refreshed");
		hit("fresh");
		int purged = this.store.purgeOlderThan(this.clock.instant().minus(Duration.ofHours(1)));
		assertThat(purged).isEqualTo(1);
		assertThat(rows("stale")).isZero();
		assertThat(rows("refreshed")).isEqualTo(1);
		assertThat(rows("fresh")).isEqualTo(1);
		assertThat(this.store.purgeOlderThan(this.clock.instant().minus(Duration.ofHours(1)))).isZero();
	}

	private ThrottleStore.Count hit(String key) {
		return this.store.hit(key, WINDOW, this.clock.instant());
	}

	private Optional<ThrottleStore.Count> peek(String key) {
		return this.store.peek(key, WINDOW, this.clock.instant());
	}

	private long rows(String key) {
		return this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE key = ?", key);
	}

}
