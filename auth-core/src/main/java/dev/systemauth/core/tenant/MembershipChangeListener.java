package dev.systemauth.core.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link MembershipCache} from PostgreSQL: {@code LISTEN auth_membership_changed} on a dedicated
 * connection, applying each notification as it arrives. Visibility on other instances is therefore bounded by
 * the notification delay, well under a second.
 * <p>
 * Delivery is proved, not assumed: every second the listener sends itself a notification on the same channel
 * ({@code ping:<listener>:<n>}) and the cache serves only while these come back. {@code SELECT 1} would prove
 * only that the connection answers; behind a transaction-mode pooler, or on a connection whose autocommit is
 * off, {@code LISTEN} silently does nothing and such a check would keep stale entries in service. The cache
 * starts serving only once the first ping has come back, and stops when none has come back for three seconds;
 * the listener then reconnects with backoff (open the connection with a socket timeout, so that a silently
 * dead peer fails instead of blocking). While it is not serving, every check goes to the database.
 */
public final class MembershipChangeListener implements AutoCloseable {

	/** The channel the migration's trigger notifies. */
	public static final String CHANNEL = "auth_membership_changed";

	private static final Logger logger = LoggerFactory.getLogger(MembershipChangeListener.class);

	private static final int POLL_MILLIS = 200;

	private static final Duration LIVENESS = Duration.ofSeconds(1);

	/** How long without a returned ping before the connection is given up and reopened. */
	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(3);

	private static final String PING_PREFIX = "ping:";

	private final String pingPrefix = PING_PREFIX + java.util.UUID.randomUUID() + ":";

	private long pingSequence;

	private final ConnectionSource connections;

	private final MembershipCache cache;

	private final Thread thread;

	private volatile boolean running = true;

	public MembershipChangeListener(ConnectionSource connections, MembershipCache cache) {
		this.connections = Objects.requireNonNull(connections, "connections must not be null");
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
		this.thread = new Thread(this::run, "auth-membership-listener");
		this.thread.setDaemon(true);
	}

	/** Starts listening in the background. */
	public void start() {
		this.thread.start();
	}

	private void run() {
		long backoff = 250;
		while (this.running) {
			try (Connection connection = this.connections.open()) {
				PGConnection pg = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				try {
					awaitFirstDelivery(connection, pg);
					this.cache.serve(true);
					backoff = 250;
					listen(connection, pg);
				}
				finally {
					unlisten(connection);
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.warn("Membership change listener disconnected ({}: {}); the membership cache is off until "
							+ "it reconnects", ex.getClass().getSimpleName(), ex.getMessage());
				}
			}
			finally {
				this.cache.serve(false);
			}
			sleep(backoff);
			backoff = Math.min(backoff * 2, 5000);
		}
	}

	/** Sends a ping and waits for it: notifications must be seen to arrive before anything is served. */
	private void awaitFirstDelivery(Connection connection, PGConnection pg) throws SQLException {
		String ping = ping(connection);
		long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
		while (this.running && System.nanoTime() - deadline < 0) {
			if (receive(pg, ping)) {
				return;
			}
		}
		throw notDelivered();
	}

	private void listen(Connection connection, PGConnection pg) throws SQLException {
		long lastDelivery = System.nanoTime();
		long nextPing = lastDelivery + LIVENESS.toNanos();
		@Nullable String pending = null;
		while (this.running) {
			if (receive(pg, pending)) {
				this.cache.heartbeat();
				lastDelivery = System.nanoTime();
				pending = null;
			}
			if (System.nanoTime() - lastDelivery > DELIVERY_TIMEOUT.toNanos()) {
				throw notDelivered();
			}
			if (pending == null && System.nanoTime() - nextPing > 0) {
				pending = ping(connection);
				nextPing = System.nanoTime() + LIVENESS.toNanos();
			}
		}
	}

	/**
	 * Applies what arrived within one poll; true when the awaited ping was among it. Other instances' pings
	 * are ignored.
	 */
	private boolean receive(PGConnection pg, @Nullable String awaited) throws SQLException {
		PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
		boolean delivered = false;
		if (notifications != null) {
			for (PGNotification notification : notifications) {
				String payload = notification.getParameter();
				if (payload.startsWith(PING_PREFIX)) {
					delivered |= payload.equals(awaited);
				}
				else {
					this.cache.apply(payload);
				}
			}
		}
		return delivered;
	}

	private String ping(Connection connection) throws SQLException {
		String payload = this.pingPrefix + (++this.pingSequence);
		// the payload is ours: a UUID and a number, nothing to escape
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(2);
			statement.execute("SELECT pg_notify('" + CHANNEL + "', '" + payload + "')");
		}
		return payload;
	}

	private static SQLException notDelivered() {
		return new SQLException("notifications are not delivered on the listener connection (a transaction-mode "
				+ "pooler, or autocommit off?)");
	}

	/** A pooled connection must not go back to its pool still subscribed. */
	private static void unlisten(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(2);
			statement.execute("UNLISTEN *");
		}
		catch (SQLException | RuntimeException ex) {
			// the connection is broken: the pool discards it
		}
	}

	private void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		this.cache.serve(false);
	}

	/**
	 * Opens the listener's dedicated connection.
	 */
	@FunctionalInterface
	public interface ConnectionSource {

		Connection open() throws SQLException;

	}

}
