package dev.systemauth.core.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import dev.systemauth.core.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The cache's own rules, without a database: it serves only while told notifications arrive, stores only
 * active answers, each for at most the ttl, never stores a load that raced with an invalidation, applies each
 * notification shape, and drops everything when a notification cannot be read.
 */
class MembershipCacheEntryTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final MembershipCache cache = new MembershipCache(TTL, 100, this.clock);

	private final UUID workspaceId = UUID.randomUUID();

	private final UUID userId = UUID.randomUUID();

	private final Loader loader = new Loader(Optional.of(MembershipRole.ADMIN));

	@Test
	void activeRoleWhenNotServingThenEveryCheckLoadsAndNothingIsStored() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.cache.activeRole(this.workspaceId, this.userId, this.loader)).contains(MembershipRole.ADMIN);
		}
		assertThat(this.loader.loads).hasValue(3);
		assertThat(this.cache.size()).isZero();
		this.cache.serve(true);
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		assertThat(this.loader.loads).as("loads once serving: nothing was stored before").hasValue(4);
	}

	@Test
	void activeRoleWhenServingThenRepeatedCheckServedFromCache() {
		this.cache.serve(true);
		for (int i = 0; i < 100; i++) {
			assertThat(this.cache.activeRole(this.workspaceId, this.userId, this.loader)).contains(MembershipRole.ADMIN);
		}
		assertThat(this.loader.loads).hasValue(1);
	}

	@Test
	void activeRoleWhenRefusedThenNeverCached() {
		this.cache.serve(true);
		Loader refusing = new Loader(Optional.empty());
		for (int i = 0; i < 3; i++) {
			assertThat(this.cache.activeRole(this.workspaceId, this.userId, refusing)).isEmpty();
		}
		assertThat(refusing.loads).hasValue(3);
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void activeRoleWhenTtlElapsedThenLoadedAgain() {
		this.cache.serve(true);
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		this.clock.advance(TTL.minusMillis(1));
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		assertThat(this.loader.loads).as("loads just before the ttl").hasValue(1);
		this.clock.advance(Duration.ofMillis(1));
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		assertThat(this.loader.loads).as("loads at the ttl").hasValue(2);
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		assertThat(this.loader.loads).as("loads after the reload").hasValue(2);
	}

	@Test
	void activeRoleWhenMaxEntriesReachedThenSizeStaysBounded() {
		MembershipCache small = new MembershipCache(TTL, 3, this.clock);
		small.serve(true);
		for (int i = 0; i < 50; i++) {
			small.activeRole(UUID.randomUUID(), this.userId, this.loader);
			assertThat(small.size()).as("entries after %d distinct checks", i + 1).isLessThanOrEqualTo(3);
		}
	}

	@Test
	void activeRoleWhenStoppedServingDuringLoadThenNotStored() {
		this.cache.serve(true);
		Supplier<Optional<MembershipRole>> racing = () -> {
			this.cache.serve(false);
			return Optional.of(MembershipRole.ADMIN);
		};
		assertThat(this.cache.activeRole(this.workspaceId, this.userId, racing)).contains(MembershipRole.ADMIN);
		assertThat(this.cache.size()).as("entries stored by a load that outlived the listener").isZero();
	}

	@Test
	void activeRoleWhenListenerReconnectedDuringLoadThenNotStored() {
		this.cache.serve(true);
		assertNotStoredWhenDuringLoad(() -> {
			this.cache.serve(false);
			this.cache.serve(true);
		});
	}

	@Test
	void activeRoleWhenNotificationAppliedDuringLoadThenNotStored() {
		this.cache.serve(true);
		assertNotStoredWhenDuringLoad(() -> this.cache.apply(this.workspaceId + ":" + this.userId));
	}

	@Test
	void activeRoleWhenUserNotificationAppliedDuringLoadThenNotStored() {
		this.cache.serve(true);
		assertNotStoredWhenDuringLoad(() -> this.cache.apply("*:" + this.userId));
	}

	@Test
	void activeRoleWhenEverythingInvalidatedDuringLoadThenNotStored() {
		this.cache.serve(true);
		assertNotStoredWhenDuringLoad(this.cache::invalidateAll);
	}

	/** The first load runs the action before it returns; the next check must load again. */
	private void assertNotStoredWhenDuringLoad(Runnable action) {
		this.cache.serve(true);
		AtomicInteger loads = new AtomicInteger();
		Supplier<Optional<MembershipRole>> racing = () -> {
			if (loads.incrementAndGet() == 1) {
				action.run();
			}
			return Optional.of(MembershipRole.ADMIN);
		};
		this.cache.activeRole(this.workspaceId, this.userId, racing);
		this.cache.activeRole(this.workspaceId, this.userId, racing);
		assertThat(loads).as("loads after a load that raced").hasValue(2);
		this.cache.activeRole(this.workspaceId, this.userId, racing);
		assertThat(loads).as("loads once a clean load was stored").hasValue(2);
	}

	@Test
	void activeRoleWhenRevokedWhileConcurrentLoadStoresThenNeverServedStale() throws Exception {
		this.cache.serve(true);
		AtomicReference<Optional<MembershipRole>> database = new AtomicReference<>();
		CyclicBarrier start = new CyclicBarrier(2);
		CyclicBarrier done = new CyclicBarrier(2);
		int races = 200_000;
		Thread request = new Thread(() -> {
			try {
				for (int i = 0; i < races; i++) {
					start.await();
					this.cache.activeRole(this.workspaceId, this.userId, database::get);
					done.await();
				}
			}
			catch (Exception ex) {
				Thread.currentThread().interrupt();
			}
		}, "membership-cache-race");
		request.setDaemon(true);
		request.start();
		int stale = 0;
		for (int i = 0; i < races; i++) {
			database.set(Optional.of(MembershipRole.ADMIN));
			this.cache.invalidateAll();
			start.await(10, TimeUnit.SECONDS);
			// the revocation: the row changes, then its notification is applied
			database.set(Optional.empty());
			this.cache.apply(this.workspaceId + ":" + this.userId);
			done.await(10, TimeUnit.SECONDS);
			if (this.cache.activeRole(this.workspaceId, this.userId, database::get).isPresent()) {
				stale++;
			}
		}
		assertThat(stale).as("checks served the revoked role after %d races", races).isZero();
	}

	@Test
	void applyWhenMembershipPayloadThenOnlyThatMembershipDropped() {
		this.cache.serve(true);
		UUID otherWorkspace = UUID.randomUUID();
		UUID otherUser = UUID.randomUUID();
		fill(otherWorkspace, otherUser);
		this.cache.apply(this.workspaceId + ":" + this.userId);
		assertReloaded(this.workspaceId, this.userId, true);
		assertReloaded(otherWorkspace, this.userId, false);
		assertReloaded(this.workspaceId, otherUser, false);
	}

	@Test
	void applyWhenUserPayloadThenEveryMembershipOfThatUserDropped() {
		this.cache.serve(true);
		UUID otherWorkspace = UUID.randomUUID();
		UUID otherUser = UUID.randomUUID();
		fill(otherWorkspace, otherUser);
		this.cache.apply("*:" + this.userId);
		assertReloaded(this.workspaceId, this.userId, true);
		assertReloaded(otherWorkspace, this.userId, true);
		assertReloaded(this.workspaceId, otherUser, false);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", ":", "*:", "*:not-a-uuid", "x:y", "not-a-uuid:0f0e0d0c-0b0a-0908-0706-050403020100",
			"0f0e0d0c-0b0a-0908-0706-050403020100" })
	void applyWhenPayloadMalformedThenEverythingDropped(String payload) {
		this.cache.serve(true);
		UUID otherWorkspace = UUID.randomUUID();
		UUID otherUser = UUID.randomUUID();
		fill(otherWorkspace, otherUser);
		this.cache.apply(payload);
		assertThat(this.cache.size()).isZero();
		assertThat(this.cache.isServing()).isTrue();
	}

	@Test
	void serveWhenStoppedThenEverythingDroppedAndNothingServed() {
		this.cache.serve(true);
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		this.cache.serve(false);
		assertThat(this.cache.size()).isZero();
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		this.cache.serve(true);
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		assertThat(this.loader.loads).hasValue(3);
	}

	@Test
	void invalidateWhenTransactionActiveThenDroppedAgainAfterCompletion() {
		assertDroppedAgainAfterCompletion((cache) -> cache.invalidate(this.workspaceId, this.userId));
	}

	@Test
	void invalidateUserWhenTransactionActiveThenDroppedAgainAfterCompletion() {
		assertDroppedAgainAfterCompletion((cache) -> cache.invalidateUser(this.userId));
	}

	/**
	 * Invalidates inside a transaction, lets another request store the committed (old) answer before the
	 * commit, then completes the transaction: the entry must be gone.
	 */
	private void assertDroppedAgainAfterCompletion(Consumer<MembershipCache> invalidation) {
		this.cache.serve(true);
		TransactionSynchronizationManager.initSynchronization();
		try {
			invalidation.accept(this.cache);
			this.cache.activeRole(this.workspaceId, this.userId, this.loader);
			assertThat(this.cache.size()).as("entries stored before the commit").isOne();
			TransactionSynchronizationUtils.invokeAfterCompletion(TransactionSynchronizationManager.getSynchronizations(),
					TransactionSynchronization.STATUS_COMMITTED);
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
		assertThat(this.cache.size()).as("entries after the commit").isZero();
	}

	@Test
	void constructorWhenTtlNotPositiveThenRejectedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MembershipCache(null, 10, this.clock))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> new MembershipCache(Duration.ZERO, 10, this.clock))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MembershipCache(Duration.ofSeconds(-1), 10, this.clock))
			.withMessageContaining("ttl");
	}

	@Test
	void constructorWhenMaxEntriesBelowOneThenRejectedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MembershipCache(TTL, 0, this.clock))
			.withMessageContaining("maxEntries");
	}

	/** Caches this test's membership, one of the same user elsewhere and one of another user here. */
	private void fill(UUID otherWorkspace, UUID otherUser) {
		this.cache.activeRole(this.workspaceId, this.userId, this.loader);
		this.cache.activeRole(otherWorkspace, this.userId, this.loader);
		this.cache.activeRole(this.workspaceId, otherUser, this.loader);
		assertThat(this.cache.size()).isEqualTo(3);
	}

	private void assertReloaded(UUID workspace, UUID user, boolean expected) {
		Loader probe = new Loader(Optional.of(MembershipRole.MEMBER));
		this.cache.activeRole(workspace, user, probe);
		assertThat(probe.loads.get() == 1).as("%s:%s loaded again", workspace, user).isEqualTo(expected);
	}

	private static final class Loader implements Supplier<Optional<MembershipRole>> {

		final AtomicInteger loads = new AtomicInteger();

		private final Optional<MembershipRole> answer;

		Loader(Optional<MembershipRole> answer) {
			this.answer = answer;
		}

		@Override
		public Optional<MembershipRole> get() {
			this.loads.incrementAndGet();
			return this.answer;
		}

	}

}
