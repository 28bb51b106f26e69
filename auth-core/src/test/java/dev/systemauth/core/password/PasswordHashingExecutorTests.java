package dev.systemauth.core.password;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

class PasswordHashingExecutorTests {

	private static final int THREADS = 2;

	private static final int CALLERS = 16;

	private PasswordHashingExecutor executor;

	@AfterEach
	void close() {
		if (this.executor != null) {
			this.executor.close();
		}
	}

	@Test
	void callWhenSixteenCallersAndTwoThreadsThenNeverMoreThanTwoRunAtOnce() throws Exception {
		this.executor = new PasswordHashingExecutor(THREADS, 64);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		Set<String> threadNames = ConcurrentHashMap.newKeySet();
		AtomicBoolean allDaemon = new AtomicBoolean(true);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<List<Race.Attempt<String>>> attempts = new AtomicReference<>();
		Thread race = new Thread(() -> {
			try {
				attempts.set(Race.run(CALLERS, (index) -> this.executor.call(() -> {
					mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
					threadNames.add(Thread.currentThread().getName());
					allDaemon.compareAndSet(true, Thread.currentThread().isDaemon());
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					running.decrementAndGet();
					return "done-" + index;
				})));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		race.start();
		// every caller's operation is accepted: running on a worker or queued behind one
		BlockedHashing.await("16 operations accepted",
				() -> running.get() + this.executor.queued() == CALLERS || running.get() > THREADS);
		assertThat(running.get()).as("operations running at once while 16 callers wait").isEqualTo(THREADS);
		assertThat(this.executor.queued()).isEqualTo(CALLERS - THREADS);
		release.countDown();
		race.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(attempts.get()).hasSize(CALLERS).allMatch(Race.Attempt::succeeded);
		assertThat(attempts.get()).extracting(Race.Attempt::value).doesNotHaveDuplicates();
		assertThat(mostAtOnce.get()).isEqualTo(THREADS);
		assertThat(threadNames).hasSizeLessThanOrEqualTo(THREADS).allMatch((name) -> name.matches("auth-password-\\d+"));
		assertThat(allDaemon).isTrue();
	}

	@Test
	void callWhenWorkersBusyAndQueueFullThenNextCallFailsAtOnceWithServerBusy() throws Exception {
		this.executor = new PasswordHashingExecutor(THREADS, 3);
		AtomicBoolean ran = new AtomicBoolean();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(this.executor)) {
			AuthException ex = assertAuthError(() -> this.executor.call(() -> ran.getAndSet(true)),
					AuthErrorCode.SERVER_BUSY);
			assertThat(ex.getErrorCode().status()).isEqualTo(503);
			assertThat(ex.getProperties()).containsEntry("retryAfter", PasswordHashingExecutor.RETRY_AFTER_SECONDS);
		}
		assertThat(ran).as("the refused operation never runs").isFalse();
		assertThat(this.executor.refused()).as("refusals counted for monitoring").isOne();
		assertThat(this.executor.call(() -> "accepted again")).isEqualTo("accepted again");
		assertThat(this.executor.refused()).isOne();
	}

	@Test
	void callWhenWorkersBusyAndQueueHasRoomThenWaitsForAWorker() throws Exception {
		this.executor = new PasswordHashingExecutor(1, 1);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<String> queued;
			try (BlockedHashing blocked = BlockedHashing.occupyWorkers(this.executor)) {
				queued = caller.submit(() -> this.executor.call(() -> "ran after the blocked one"));
				BlockedHashing.await("the call is queued", () -> this.executor.queued() == 1);
				assertThat(queued).isNotDone();
			}
			assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo("ran after the blocked one");
		}
		finally {
			caller.shutdownNow();
		}
	}

	@Test
	void callWhenCallerInterruptedWhileQueuedThenServerBusyInterruptFlagKeptAndOperationDropped() throws Exception {
		this.executor = new PasswordHashingExecutor(1, 1);
		AtomicBoolean ran = new AtomicBoolean();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicBoolean interruptedAfter = new AtomicBoolean();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkers(this.executor)) {
			Thread caller = new Thread(() -> {
				thrown.set(catchThrowable(() -> this.executor.call(() -> ran.getAndSet(true))));
				interruptedAfter.set(Thread.currentThread().isInterrupted());
			});
			caller.start();
			BlockedHashing.await("the call is queued", () -> this.executor.queued() == 1);
			caller.interrupt();
			caller.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(caller.isAlive()).isFalse();
			assertThat(this.executor.queued()).as("the abandoned operation left the queue").isZero();
		}
		assertThat(thrown.get()).isInstanceOfSatisfying(AuthException.class,
				(ex) -> assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.SERVER_BUSY));
		assertThat(thrown.get().getCause()).isInstanceOf(InterruptedException.class);
		assertThat(interruptedAfter).as("the caller's interrupt flag is restored").isTrue();
		assertThat(this.executor.call(() -> "next")).isEqualTo("next");
		assertThat(ran).isFalse();
	}

	@Test
	void callWhenOperationThrowsThenSameExceptionReachesTheCaller() {
		this.executor = new PasswordHashingExecutor(1, 1);
		IllegalStateException failure = new IllegalStateException("broken hash");
		assertThat(catchThrowable(() -> this.executor.call(() -> {
			throw failure;
		}))).isSameAs(failure);
	}

	@Test
	void closeWhenOperationsAcceptedThenTheyFinishAndNewOnesAreRefused() throws Exception {
		this.executor = new PasswordHashingExecutor(1, 1);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try {
			Future<String> queued;
			try (BlockedHashing blocked = BlockedHashing.occupyWorkers(this.executor)) {
				queued = caller.submit(() -> this.executor.call(() -> "accepted before close"));
				BlockedHashing.await("the call is queued", () -> this.executor.queued() == 1);
				this.executor.close();
				assertAuthError(() -> this.executor.call(() -> "after close"), AuthErrorCode.SERVER_BUSY);
			}
			assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo("accepted before close");
		}
		finally {
			caller.shutdownNow();
		}
	}

	@Test
	void constructorWhenBoundsBelowOneThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashingExecutor(0, 1))
			.withMessageContaining("threads");
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashingExecutor(1, 0))
			.withMessageContaining("queueCapacity");
	}

	@Test
	void defaultsAreOneThreadPerProcessorAndSixtyFourQueued() {
		this.executor = new PasswordHashingExecutor();
		assertThat(this.executor.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(this.executor.queueCapacity()).isEqualTo(64);
	}

}
