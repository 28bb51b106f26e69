package dev.systemauth.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Fixed-window counters in {@code throttle_counters}. A hit is one {@code INSERT ... ON CONFLICT DO UPDATE}
 * that starts a new window when the old one has passed, so concurrent hits from several instances are all
 * counted and cost one round trip each; several keys can be hit in the same round trip. A caller that must
 * not let a race through a limit counts first and decides on the returned count (a reservation), then
 * {@linkplain #settle settles} what should not have counted.
 */
public final class ThrottleStore {

	private static final String HIT = """
			INSERT INTO ${schema}.throttle_counters AS t (key, window_start, hits, updated_at) VALUES (?, ?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET
			  hits = CASE WHEN t.window_start > ? THEN t.hits + 1 ELSE 1 END,
			  window_start = CASE WHEN t.window_start > ? THEN t.window_start ELSE EXCLUDED.window_start END,
			  updated_at = EXCLUDED.updated_at
			RETURNING hits, window_start""";

	// keys are locked in key order, so two statements hitting the same keys cannot deadlock
	private static final String HIT_ALL = """
			WITH input AS (
			  SELECT k AS key, CAST(o AS timestamptz) AS window_open
			  FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS i(k, o))
			INSERT INTO ${schema}.throttle_counters AS t (key, window_start, hits, updated_at)
			SELECT key, ?, 1, ? FROM input ORDER BY key
			ON CONFLICT (key) DO UPDATE SET
			  hits = CASE WHEN t.window_start > (SELECT i.window_open FROM input i WHERE i.key = EXCLUDED.key)
			    THEN t.hits + 1 ELSE 1 END,
			  window_start = CASE WHEN t.window_start > (SELECT i.window_open FROM input i WHERE i.key = EXCLUDED.key)
			    THEN t.window_start ELSE EXCLUDED.window_start END,
			  updated_at = EXCLUDED.updated_at
			RETURNING key, hits, window_start""";

	/**
	 * The two CTEs ({@code settle_keys}, {@code locked}) that lock the counters a settlement changes, in key
	 * order, from two text-array parameters (keys to reset, keys to take one hit back from). Owned here and
	 * composed by {@link #settle} and by the one-statement session start of {@code SessionStore}, each followed
	 * by {@link #SETTLE_UPDATE}. A template ({@code ${schema}}).
	 */
	public static final String SETTLE_LOCK = """
			settle_keys AS (
			  SELECT CAST(? AS text[]) AS reset, CAST(? AS text[]) AS take_back),
			locked AS (
			  SELECT c.key FROM ${schema}.throttle_counters c, settle_keys k
			  WHERE c.key = ANY (k.reset || k.take_back) ORDER BY c.key FOR UPDATE OF c)
			""";

	/** The update of a settlement, after {@link #SETTLE_LOCK}. A template ({@code ${schema}}). */
	public static final String SETTLE_UPDATE = """
			UPDATE ${schema}.throttle_counters t
			SET hits = CASE WHEN t.key = ANY (k.reset) THEN 0 ELSE t.hits - 1 END
			FROM locked l, settle_keys k
			WHERE t.key = l.key AND (t.key = ANY (k.reset) OR t.hits > 0)""";

	// rows are locked in key order, like HIT_ALL, so a settlement and a reservation cannot deadlock; a reset
	// sets the count to zero, which the next hit treats like a missing row
	private static final String SETTLE = "WITH " + SETTLE_LOCK + SETTLE_UPDATE;

	private static final String PEEK = """
			SELECT hits, window_start FROM ${schema}.throttle_counters WHERE key = ? AND window_start > ?""";

	private static final String RESET = "DELETE FROM ${schema}.throttle_counters WHERE key = ?";

	private static final String PURGE = "DELETE FROM ${schema}.throttle_counters WHERE updated_at < ?";

	private final AuthDatabase database;

	private final String hit;

	private final String hitAll;

	private final String settle;

	private final String peek;

	private final String reset;

	private final String purge;

	public ThrottleStore(AuthDatabase database) {
		this.database = database;
		this.hit = database.sql(HIT);
		this.hitAll = database.sql(HIT_ALL);
		this.settle = database.sql(SETTLE);
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

	/**
	 * Counts one hit on each of several keys, in one statement.
	 * @param windows the window length of each key
	 * @param now the current time
	 * @return each key's count in its current window, including this hit
	 */
	public Map<String, Count> hit(Map<String, Duration> windows, Instant now) {
		if (windows.isEmpty()) {
			return Map.of();
		}
		String[] keys = windows.keySet().toArray(String[]::new);
		String[] opens = new String[keys.length];
		for (int i = 0; i < keys.length; i++) {
			opens[i] = now.minus(windows.get(keys[i])).toString();
		}
		Map<String, Count> counts = new HashMap<>();
		this.database.jdbc()
			.sql(this.hitAll)
			.params(keys, opens, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now))
			.query((rs) -> {
				String key = rs.getString("key");
				counts.put(key, new Count(rs.getInt("hits"),
						AuthDatabase.instant(rs, "window_start").plus(windows.get(key))));
			});
		return Map.copyOf(counts);
	}

	/**
	 * Settles reservations, in one statement: forgets the first keys (as {@link #reset(String)}) and takes one
	 * hit back from each of the others (a reserved attempt that turned out not to count); a count never goes
	 * below zero.
	 * @param resetKeys counters to forget
	 * @param takeBackKeys counters to lower by one, none of them among {@code resetKeys}
	 */
	public void settle(Collection<String> resetKeys, Collection<String> takeBackKeys) {
		if (resetKeys.isEmpty() && takeBackKeys.isEmpty()) {
			return;
		}
		if (takeBackKeys.stream().anyMatch(resetKeys::contains)) {
			throw new IllegalArgumentException("a key cannot be both reset and taken back");
		}
		this.database.jdbc()
			.sql(this.settle)
			.params(resetKeys.toArray(String[]::new), takeBackKeys.toArray(String[]::new))
			.update();
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
