package dev.systemauth.core.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link MembershipCache} from PostgreSQL: {@code LISTEN auth_membership_changed} on a dedicated
 * connection, applying each notification as it arrives. The connection is checked every second (open it
 * with a socket timeout, so that a silently dead peer fails the check instead of blocking it); while it is
 * down the cache does not serve (every check goes to the database) and reconnection is retried with backoff.
 * Visibility on other instances is therefore bounded by the notification delay, well under a second.
 */
public final class MembershipChangeListener implements AutoCloseable {

	/** The channel the migration's trigger notifies. */
	public static final String CHANNEL = "auth_membership_changed";

	private static final Logger logger = LoggerFactory.getLogger(MembershipChangeListener.class);

	private static final int POLL_MILLIS = 200;

	private static final Duration LIVENESS = Duration.ofSeconds(1);

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
				this.cache.serve(true);
				backoff = 250;
				try {
					listen(connection, pg);
				}
				finally {
					unlisten(connection);
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					logger.warn("Membership change listener disconnected ({}); the membership cache is off until it "
							+ "reconnects", ex.getClass().getSimpleName());
				}
			}
			finally {
				this.cache.serve(false);
			}
			sleep(backoff);
			backoff = Math.min(backoff * 2, 5000);
		}
	}

	private void listen(Connection connection, PGConnection pg) throws SQLException {
		long nextCheck = System.nanoTime() + LIVENESS.toNanos();
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					this.cache.apply(notification.getParameter());
				}
			}
			if (System.nanoTime() - nextCheck > 0) {
				try (Statement statement = connection.createStatement()) {
					statement.setQueryTimeout(2);
					statement.execute("SELECT 1");
				}
				this.cache.heartbeat();
				nextCheck = System.nanoTime() + LIVENESS.toNanos();
			}
		}
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
