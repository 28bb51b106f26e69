package dev.systemauth.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.systemauth.core.cleanup.ExpiredRowsCleanup;

/**
 * Runs {@link ExpiredRowsCleanup} on one daemon thread ({@code auth-cleanup}) every interval while the
 * context runs. A failed run (the database away) is logged and the next one tried on schedule.
 */
final class ExpiredRowsCleanupScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ExpiredRowsCleanupScheduler.class);

	private final ExpiredRowsCleanup cleanup;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	ExpiredRowsCleanupScheduler(ExpiredRowsCleanup cleanup, Duration interval) {
		this.cleanup = cleanup;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "auth-cleanup");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void runOnce() {
		try {
			ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();
			if (deleted.total() > 0) {
				logger.debug("Deleted expired auth rows: {}", deleted);
			}
		}
		catch (RuntimeException ex) {
			// a thrown exception would cancel every later run
			logger.warn("Cleanup of expired auth rows failed; trying again in {}", this.interval, ex);
		}
	}

}
