package dev.systemauth.core.password;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The worker threads on which password hashing runs: a fixed number of them, and a bounded queue of
 * operations waiting for one. The calling thread hands the work over and waits for its result.
 * <p>
 * bcrypt is CPU-bound by design: with no more hashing threads than processors, a login flood takes at most
 * that much CPU, and the rest of the application keeps running. When every worker is busy and the queue is
 * full, a call fails at once with {@link AuthErrorCode#SERVER_BUSY} instead of waiting, so that a flood
 * cannot tie up every request thread either.
 * <p>
 * Workers are daemon threads named {@code auth-password-N}; idle ones end after a minute. {@link #close()}
 * lets the operations already accepted finish and refuses new ones.
 */
public final class PasswordHashingExecutor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PasswordHashingExecutor.class);

	/**
	 * The default queue capacity: bounded well below a servlet container's default 200 request threads, so
	 * that waiting logins leave most of them to other requests, and short enough that a queued login waits
	 * seconds, not minutes.
	 */
	public static final int DEFAULT_QUEUE_CAPACITY = 64;

	/** The {@code retryAfter}, in seconds, of a {@link AuthErrorCode#SERVER_BUSY} answer. */
	static final long RETRY_AFTER_SECONDS = 1;

	private static final long KEEP_ALIVE_SECONDS = 60;

	private final ThreadPoolExecutor executor;

	private final int threads;

	private final int queueCapacity;

	private final AtomicLong refused = new AtomicLong();

	/**
	 * An executor with one worker per available processor and the default queue capacity.
	 */
	public PasswordHashingExecutor() {
		this(defaultThreads(), DEFAULT_QUEUE_CAPACITY);
	}

	/**
	 * An executor with the given bounds.
	 * @param threads how many operations run at once (at least 1)
	 * @param queueCapacity how many operations may wait for a worker (at least 1)
	 */
	public PasswordHashingExecutor(int threads, int queueCapacity) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1, got " + threads);
		}
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
		}
		this.threads = threads;
		this.queueCapacity = queueCapacity;
		AtomicInteger counter = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(queueCapacity), (runnable) -> {
					Thread thread = new Thread(runnable, "auth-password-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** The number of available processors: the default number of workers. */
	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Runs the operation on a worker and waits for its result.
	 * @param <T> the result type
	 * @param operation the work, typically one bcrypt hash or verification
	 * @return the result of the operation
	 * @throws AuthException {@link AuthErrorCode#SERVER_BUSY} with a {@code retryAfter} when the queue is full,
	 * the executor is closed, or the calling thread is interrupted while it waits (its interrupt flag stays
	 * set); the operation then does not run, or its result is dropped
	 */
	public <T> T call(Supplier<T> operation) {
		Future<T> future;
		try {
			future = this.executor.submit(operation::get);
		}
		catch (RejectedExecutionException ex) {
			if (this.executor.isShutdown()) {
				throw busy("The server is shutting down; retry shortly.", ex);
			}
			long count = this.refused.incrementAndGet();
			if (count == 1 || count % 1000 == 0) {
				logger.warn("Password hashing queue full ({} waiting, {} threads): {} request(s) refused with "
						+ "server_busy so far", this.queueCapacity, this.threads, count);
			}
			throw busy("The server is busy; retry shortly.", ex);
		}
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			this.executor.remove((Runnable) future);
			throw busy("The request was interrupted; retry shortly.", ex);
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
	}

	private static AuthException busy(String message, Exception cause) {
		return new AuthException(AuthErrorCode.SERVER_BUSY, message, Map.of("retryAfter", RETRY_AFTER_SECONDS),
				cause);
	}

	private static RuntimeException rethrow(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException("Password hashing failed", failure);
	}

	/** How many operations run at once at most. */
	public int threads() {
		return this.threads;
	}

	/** How many operations may wait for a worker. */
	public int queueCapacity() {
		return this.queueCapacity;
	}

	/** How many operations were refused because the queue was full, since start (for monitoring). */
	public long refused() {
		return this.refused.get();
	}

	/** How many operations wait for a worker now (for monitoring). */
	public int queued() {
		return this.executor.getQueue().size();
	}

	/** Lets the accepted operations finish and refuses new ones; idempotent. */
	@Override
	public void close() {
		this.executor.shutdown();
	}

}
