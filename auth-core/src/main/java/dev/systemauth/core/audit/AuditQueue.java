package dev.systemauth.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue behind {@link AuditLog#recordAsync}: a bounded queue and the {@code auth-audit-writer} thread,
 * which gathers rows for up to 200 ms (or 1,000 rows) after the first one and hands them to the log's batch
 * insert. A full queue drops rows and logs how many. It writes nothing itself: the SQL stays in
 * {@link AuditLog}.
 */
final class AuditQueue {

	private static final Logger logger = LoggerFactory.getLogger(AuditQueue.class);

	static final int BATCH = 1000;

	private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final int CAPACITY = 20_000;

	private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(CAPACITY);

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong batches = new AtomicLong();

	private final Consumer<List<Queued>> writer;

	private volatile Thread flusher;

	private volatile boolean closed;

	AuditQueue(Consumer<List<Queued>> writer) {
		this.writer = writer;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** Queues a row; never blocks, never throws. */
	void offer(AuditEvent event, Instant at) {
		startFlusher();
		if (!this.queue.offer(new Queued(event, at))) {
			long count = this.dropped.incrementAndGet();
			if (count == 1 || count % 1000 == 0) {
				logger.warn("Audit queue full: {} access row(s) dropped so far", count);
			}
		}
	}

	private void startFlusher() {
		if (this.flusher == null) {
			synchronized (this) {
				if (this.flusher == null && !this.closed) {
					Thread thread = new Thread(this::flushLoop, "auth-audit-writer");
					thread.setDaemon(true);
					thread.start();
					this.flusher = thread;
				}
			}
		}
	}

	private void flushLoop() {
		List<Queued> batch = new ArrayList<>(BATCH);
		while (!this.closed || !this.queue.isEmpty()) {
			try {
				Queued first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				gather(batch);
				this.writer.accept(batch);
				this.batches.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not write {} audit row(s): {}", batch.size(), ex.getClass().getSimpleName());
			}
			finally {
				batch.clear();
			}
		}
	}

	/** Adds rows to the batch until it is full, 200 ms have passed since its first row, or the queue closes. */
	private void gather(List<Queued> batch) throws InterruptedException {
		long deadline = System.nanoTime() + LINGER_NANOS;
		while (batch.size() < BATCH) {
			this.queue.drainTo(batch, BATCH - batch.size());
			long remaining = deadline - System.nanoTime();
			if (batch.size() >= BATCH || remaining <= 0 || this.closed) {
				return;
			}
			Queued next = this.queue.poll(Math.min(remaining, LINGER_NANOS / 4), TimeUnit.NANOSECONDS);
			if (next != null) {
				batch.add(next);
			}
		}
	}

	long dropped() {
		return this.dropped.get();
	}

	long batchesWritten() {
		return this.batches.get();
	}

	/** Writes what is queued, then stops the writer thread. */
	void close() {
		this.closed = true;
		Thread thread = this.flusher;
		if (thread != null) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A queued row and the time it was queued. */
	record Queued(AuditEvent event, Instant at) {
	}

}
