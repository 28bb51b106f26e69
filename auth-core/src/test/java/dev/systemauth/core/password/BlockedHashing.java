package dev.systemauth.core.password;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocked operations on a {@link PasswordHashingExecutor}: one per worker, each holding its worker until
 * {@link #close()}, and optionally one per queue slot. Each is submitted by a caller thread of its own, as a
 * request thread would; the factories return once the executor is in that state.
 */
public final class BlockedHashing implements AutoCloseable {

	private static final long DEADLINE_SECONDS = 30;

	private final PasswordHashingExecutor executor;

	private final CountDownLatch release = new CountDownLatch(1);

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final List<Future<?>> calls = new ArrayList<>();

	private BlockedHashing(PasswordHashingExecutor executor) {
		this.executor = executor;
	}

	/** Holds every worker of the executor; the queue stays empty. */
	public static BlockedHashing occupyWorkers(PasswordHashingExecutor executor) throws InterruptedException {
		BlockedHashing blocked = new BlockedHashing(executor);
		blocked.holdWorkers();
		return blocked;
	}

	/** Holds every worker of the executor and fills its queue. */
	public static BlockedHashing occupyWorkersAndQueue(PasswordHashingExecutor executor) throws InterruptedException {
		BlockedHashing blocked = new BlockedHashing(executor);
		blocked.holdWorkers();
		blocked.enqueue(executor.queueCapacity());
		return blocked;
	}

	/**
	 * Waits until the condition holds, for at most 30 seconds (a deadlock guard, not a timing assertion).
	 * @param description what is awaited, for the failure message
	 * @param condition the condition
	 */
	public static void await(String description, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() < deadline).as("waited 30s for: %s", description).isTrue();
			Thread.sleep(5);
		}
	}

	private void holdWorkers() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(this.executor.threads());
		for (int i = 0; i < this.executor.threads(); i++) {
			this.calls.add(this.callers.submit(() -> this.executor.call(() -> {
				running.countDown();
				awaitRelease();
				return null;
			})));
		}
		assertThat(running.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("every worker holds a blocked operation")
			.isTrue();
	}

	private void enqueue(int operations) throws InterruptedException {
		int before = this.executor.queued();
		for (int i = 0; i < operations; i++) {
			this.calls.add(this.callers.submit(() -> this.executor.call(() -> null)));
		}
		await(operations + " queued operations", () -> this.executor.queued() == before + operations);
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Releases the workers and waits until every blocked and queued operation has completed. */
	@Override
	public void close() throws Exception {
		this.release.countDown();
		for (Future<?> call : this.calls) {
			call.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
		}
		this.callers.shutdown();
	}

}
