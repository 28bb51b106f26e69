package dev.systemauth.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs one task on many real threads released at the same instant, and collects every outcome.
 */
public final class Race {

	private Race() {
	}

	/**
	 * Runs {@code task} on {@code threads} threads at once.
	 * @param threads how many threads
	 * @param task the work, given the thread's index
	 * @return one attempt per thread, in index order
	 */
	public static <T> List<Attempt<T>> run(int threads, Task<T> task) throws InterruptedException {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					ready.countDown();
					start.await();
					return task.call(index);
				}));
			}
			if (!ready.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("threads did not start");
			}
			start.countDown();
			List<Attempt<T>> attempts = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				try {
					attempts.add(new Attempt<>(i, futures.get(i).get(60, TimeUnit.SECONDS), null));
				}
				catch (ExecutionException ex) {
					attempts.add(new Attempt<>(i, null, ex.getCause()));
				}
				catch (java.util.concurrent.TimeoutException ex) {
					throw new IllegalStateException("thread " + i + " did not finish", ex);
				}
			}
			return attempts;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/** The work of one thread. */
	@FunctionalInterface
	public interface Task<T> {

		T call(int index) throws Exception;

	}

	/**
	 * What one thread got.
	 *
	 * @param index the thread's index
	 * @param value the result, when it succeeded
	 * @param error the exception, when it failed
	 */
	public record Attempt<T>(int index, @Nullable T value, @Nullable Throwable error) {

		public boolean succeeded() {
			return this.error == null;
		}

	}

}
