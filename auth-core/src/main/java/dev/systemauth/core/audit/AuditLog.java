package dev.systemauth.core.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.json.JsonStrings;

/**
 * Writes audit events to {@code audit_logs}.
 * <p>
 * {@link #record} joins the caller's transaction: the audit row of a state change commits or rolls back
 * with the change itself, so there is never a change without its audit row, nor an audit row for a change
 * that did not happen. {@link #recordQuietly} is for events with nothing to roll back (a refused login, a
 * denied request): it runs on its own and a failure to write is logged, never turned into a different
 * answer for the client. {@link #recordAsync} is for high-volume access rows ({@code @Audited} handlers):
 * they are queued and written by a background thread that gathers rows for up to 200 ms (or 1,000 rows)
 * after the first one and writes them in one {@code INSERT … SELECT FROM unnest(…)}, always the same
 * statement whatever the batch size, so auditing a busy endpoint costs a small fraction of a database
 * statement per request; a full queue drops rows and logs how many ({@link #droppedRows()}). The queue and
 * its thread are {@code AuditQueue}; every statement on {@code audit_logs} is here.
 */
public final class AuditLog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private static final String INSERT_BATCH = """
			INSERT INTO ${schema}.audit_logs (workspace_id, user_id, event_type, outcome, ip, user_agent, details, occurred_at)
			SELECT CAST(w AS uuid), CAST(u AS uuid), e, o, i, a, CAST(d AS jsonb), CAST(t AS timestamptz)
			FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
				CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS row(w, u, e, o, i, a, d, t)""";

	/**
	 * The head of the insert of one audit row, owned here so that every statement writing {@code audit_logs}
	 * says it the same way: {@link #record} follows it with {@code VALUES}, and the one-statement session
	 * start ({@code SessionStore}) and refresh ({@code RefreshTokenStore}) follow it with a {@code SELECT} of
	 * workspace id, user id, event type, outcome, ip, user agent and details (jsonb), in a CTE. A template
	 * ({@code ${schema}}).
	 */
	public static final String INSERT_ROW = """
			INSERT INTO ${schema}.audit_logs (workspace_id, user_id, event_type, outcome, ip, user_agent, details)
			""";

	private static final String INSERT = INSERT_ROW + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))";

	private final AuthDatabase database;

	private final String insert;

	private final String insertBatch;

	private final Clock clock;

	private final AuditEventListener listener;

	private final AuditQueue queue = new AuditQueue(this::writeBatch);

	public AuditLog(AuthDatabase database) {
		this(database, Clock.systemUTC());
	}

	/**
	 * Creates the audit log.
	 * @param database the database
	 * @param clock the time of queued access rows ({@link #recordAsync}); rows written in a transaction take
	 * the database's {@code now()}
	 */
	public AuditLog(AuthDatabase database, Clock clock) {
		this(database, clock, AuditEventListener.NONE);
	}

	/**
	 * Creates the log.
	 * @param listener told of every event once it has happened (see {@link #announce})
	 */
	public AuditLog(AuthDatabase database, Clock clock, AuditEventListener listener) {
		this.listener = java.util.Objects.requireNonNull(listener, "listener must not be null");
		this.database = database;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.insert = database.sql(INSERT);
		this.insertBatch = database.sql(INSERT_BATCH);
	}

	/** Writes the event in the current transaction, if any; failures propagate. */
	public void record(AuditEvent event) {
		this.database.jdbc()
			.sql(this.insert)
			.params(event.workspaceId(), event.userId(), event.type(), event.outcome().value(), event.client().ip(),
					event.client().userAgent(), toJson(event.details()))
			.update();
		announce(event);
	}

	/**
	 * Tells the listener of an event whose row is written (or was attempted) by a statement of its own, such
	 * as the one-statement refresh or session start: after the current transaction commits, or at once
	 * outside one. Nothing is told of a transaction that rolls back.
	 * @param event the event
	 */
	public void announce(AuditEvent event) {
		if (this.listener == AuditEventListener.NONE) {
			return;
		}
		if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
					new org.springframework.transaction.support.TransactionSynchronization() {

						@Override
						public void afterCommit() {
							tell(event);
						}

					});
		}
		else {
			tell(event);
		}
	}

	private void tell(AuditEvent event) {
		try {
			this.listener.onAuditEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Audit event listener failed on {} ({}): {}", event.type(), event.outcome().value(),
					ex.getClass().getSimpleName());
		}
	}

	/** Writes the event on its own; a failure is logged and swallowed. */
	public void recordQuietly(AuditEvent event) {
		try {
			record(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write audit event {} ({}): {}", event.type(), event.outcome().value(),
					ex.getClass().getSimpleName());
			// the event happened even though its row could not be written
			tell(event);
		}
	}

	/** Queues the event for a batched background insert, with the current time; never blocks, never throws. */
	public void recordAsync(AuditEvent event) {
		if (this.queue.isClosed()) {
			return;
		}
		announce(event);
		this.queue.offer(event, this.clock.instant());
	}

	/** Writes a batch of queued rows in one statement, the same whatever the batch size. */
	private void writeBatch(List<AuditQueue.Queued> batch) {
		int size = batch.size();
		String[][] columns = new String[8][size];
		for (int i = 0; i < size; i++) {
			AuditEvent event = batch.get(i).event();
			columns[0][i] = (event.workspaceId() != null) ? event.workspaceId().toString() : null;
			columns[1][i] = (event.userId() != null) ? event.userId().toString() : null;
			columns[2][i] = event.type();
			columns[3][i] = event.outcome().value();
			columns[4][i] = event.client().ip();
			columns[5][i] = event.client().userAgent();
			columns[6][i] = toJson(event.details());
			columns[7][i] = batch.get(i).at().toString();
		}
		this.database.jdbc().sql(this.insertBatch).params((Object[]) columns).update();
	}

	/** Access rows dropped because the queue was full, since start. */
	public long droppedRows() {
		return this.queue.dropped();
	}

	/** Batched inserts written so far. */
	long batchesWritten() {
		return this.queue.batchesWritten();
	}

	/** Writes what is queued, then stops the background writer. */
	@Override
	public void close() {
		this.queue.close();
	}

	/** The {@code details} column of an event, as JSON text: for statements that write the row themselves. */
	public static String detailsJson(AuditEvent event) {
		return toJson(event.details());
	}

	static String toJson(Map<String, String> details) {
		StringBuilder json = new StringBuilder("{");
		boolean first = true;
		for (Map.Entry<String, String> entry : new TreeMap<>(details).entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			JsonStrings.appendForJsonb(json, entry.getKey());
			json.append(':');
			JsonStrings.appendForJsonb(json, entry.getValue());
		}
		return json.append('}').toString();
	}

}
