package dev.systemauth.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Fixed-window counters in {@code throttle_counters}. A hit is one {@code INSERT ... ON CONFLICT DO UPDATE}
 * that starts a new window when the old one has passed, so concurrent hits from several instances are all
 * counted and cost one round trip each.
 */
public final class ThrottleStore {

	private static final String HIT = """
			INSERT INTO ${schema}.throttle_counters AS t (key, window_start, hits, updated_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET
			  hits = CASE WHEN t.window_start > ? THEN t.hits + 1 ELSE 1 END,
			  window_start = CASE WHEN t.window_start > ? THEN t.window_start ELSE EXCLUDED.window_start END,
			  updated_at = EXCLUDED.updated_at
			RETURNING hits, window_start""";

	private static final String PEEK = """
			SELECT hits, window_start FROM ${schema}.throttle_counters WHERE key = ? AND window_start > ?""";

	private static final String RESET = "DELETE FROM ${schema}.throttle_counters WHERE key = ?";

	private static final String PURGE = "DELETE FROM ${schema}.throttle_counters WHERE updated_at < ?";

	private final AuthDatabase database;

	private final String hit;

	private final String peek;

	private final String reset;

	private final String purge;

	public ThrottleStore(AuthDatabase database) {
		this.database = database;
		this.hit = database.sql(HIT);
		this.peek = database.sql(PEEK);
		this.reset = database.sql(RESET);
		this.purge = database.sql(PURGE);
	}

	/**
	 * Counts one hit.
	 * @param key the counter
	 * @param window the window length
	 * @param now the current time
	 * @return the count in the current window, including this hit
	 */
	public Count hit(String key, Duration window, Instant now) {
		Instant windowOpen = now.minus(window);
		return this.database.jdbc()
			.sql(this.hit)
			.params(key, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now), AuthDatabase.timestamp(windowOpen),
					AuthDatabase.timestamp(windowOpen))
			.query((rs, n) -> new Count(rs.getInt("hits"), AuthDatabase.instant(rs, "window_start").plus(window)))
			.single();
	}

	/** The count in the current window, without counting. */
	public Optional<Count> peek(String key, Duration window, Instant now) {
		return this.database.jdbc()
			.sql(this.peek)
			.params(key, AuthDatabase.timestamp(now.minus(window)))
			.query((rs, n) -> new Count(rs.getInt("hits"), AuthDatabase.instant(rs, "window_start").plus(window)))
			.optional();
	}

	/** Forgets a counter (a successful login resets the account's failures). */
	public void reset(String key) {
		this.database.jdbc().sql(this.reset).param(key).update();
	}

	/** Deletes counters untouched since the given time; returns how many. */
	public int purgeOlderThan(Instant cutoff) {
		return this.database.jdbc().sql(this.purge).param(AuthDatabase.timestamp(cutoff)).update();
	}

	/**
	 * A counter's value.
	 *
	 * @param hits hits in the current window
	 * @param resetsAt when the current window ends
	 */
	public record Count(int hits, Instant resetsAt) {
	}

}
