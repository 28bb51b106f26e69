package dev.systemauth.core.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of recently ended sessions, kept in memory so that a protected request can refuse an access token
 * of an ended session without a database round trip.
 * <p>
 * An id is remembered for {@code retention}: the access-token lifetime plus the clock skew, after which every
 * access token of that session has expired anyway. The set is fed by the session-end notifications
 * ({@code sid:<id>} on the membership channel) and by the instance's own ends, at once. It is complete only
 * while the listener that feeds it is connected and was reloaded from the database when it connected; the
 * {@code MembershipCache} that owns it serves nothing otherwise, and the check then goes to the database.
 * <p>
 * It holds at most {@code maxEntries} ids. Past that it reports itself {@link #isOverflowing() overflowing},
 * and the check goes to the database until enough ids have aged out: a flood of ends costs speed, never
 * safety.
 */
public final class EndedSessions {

	private final Map<UUID, Instant> ended = new ConcurrentHashMap<>();

	private final Duration retention;

	private final int maxEntries;

	private final Clock clock;

	public EndedSessions(Duration retention, int maxEntries, Clock clock) {
		if (retention == null || retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive");
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1");
		}
		this.retention = retention;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/** Remembers that these sessions ended. */
	public void add(Collection<UUID> sessionIds) {
		Instant forgetAt = this.clock.instant().plus(this.retention);
		for (UUID id : sessionIds) {
			this.ended.put(id, forgetAt);
		}
		if (this.ended.size() > this.maxEntries) {
			purge();
		}
	}

	/** Remembers that a session ended. */
	public void add(UUID sessionId) {
		add(java.util.List.of(sessionId));
	}

	/** Whether the session is known to have ended (recently). */
	public boolean contains(UUID sessionId) {
		return this.ended.containsKey(sessionId);
	}

	/** Whether more ids are held than the bound allows, so that the set must not be relied on. */
	public boolean isOverflowing() {
		if (this.ended.size() <= this.maxEntries) {
			return false;
		}
		purge();
		return this.ended.size() > this.maxEntries;
	}

	/** How far back a reload must look: ids ended since then may still have live access tokens. */
	public Instant horizon() {
		return this.clock.instant().minus(this.retention);
	}

	/** Forgets the ids whose access tokens have all expired. */
	public void purge() {
		Instant now = this.clock.instant();
		this.ended.values().removeIf((forgetAt) -> !now.isBefore(forgetAt));
	}

	public int size() {
		return this.ended.size();
	}

}
