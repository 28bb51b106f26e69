package dev.systemauth.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.systemauth.core.session.EndedSessions;

/**
 * An optional cache of active memberships for the per-request check, so that a protected request in steady
 * state costs no database round trip.
 * <p>
 * Revocation stays immediate on the instance that made the change ({@link #invalidate} runs at once and
 * again after the commit) and reaches every other instance through PostgreSQL {@code LISTEN/NOTIFY}, fed by a
 * trigger on {@code workspace_members} and {@code users}, whatever wrote the row ({@link MembershipChangeListener}).
 * The cache serves entries only while that listener is connected: when it is not (starting, database down),
 * every check goes to the database, so an outage still fails closed. Only active memberships are cached,
 * each for at most {@code ttl} as a safety net, and a load that raced with an invalidation is not stored.
 * <p>
 * The same listener feeds the {@link EndedSessions ended sessions}: the ids of sessions ended recently, whose
 * access tokens are refused without a database round trip. When the listener connects, they are reloaded
 * from the database (after {@code LISTEN}, so nothing ended in between is missed); while it is not serving,
 * {@link #sessionState} answers {@link SessionState#UNKNOWN} and the caller asks the database.
 * <p>
 * It stays one class (about 310 lines) on purpose: the entries, the ended sessions, the heartbeat and the
 * invalidations share one rule (serve only while the listener proves notifications arrive, and never store
 * a load that raced with an invalidation), and splitting them would spread that rule over several classes.
 */
public final class MembershipCache {

	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	/** Sessions the database showed live, until when they may be trusted without asking again. */
	private final Map<UUID, Instant> liveSessions = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private final Duration ttl;

	private final int maxEntries;

	private final Clock clock;

	private final EndedSessions endedSessions;

	private final Function<Instant, List<UUID>> endedSince;

	private volatile boolean serving;

	/** When the listener last proved its connection alive; entries are served only shortly after that. */
	private volatile long heartbeatNanos;

	/** How long after the last heartbeat entries are still served: three missed liveness checks. */
	private static final long HEARTBEAT_VALIDITY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

	/**
	 * A cache whose ended-session set is never reloaded: for tests and hosts that do not use sessions' ends.
	 */
	public MembershipCache(Duration ttl, int maxEntries, Clock clock) {
		this(ttl, maxEntries, clock, new EndedSessions(Duration.ofHours(1), 100_000, clock), (since) -> List.of());
	}

	/**
	 * Creates the cache.
	 * @param ttl longest time an entry is served
	 * @param maxEntries entries kept before the cache is emptied
	 * @param clock the time source
	 * @param endedSessions the ids of recently ended sessions
	 * @param endedSince loads the ids of the sessions ended since an instant, when the listener connects
	 */
	public MembershipCache(Duration ttl, int maxEntries, Clock clock, EndedSessions endedSessions,
			Function<Instant, List<UUID>> endedSince) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1");
		}
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.endedSessions = java.util.Objects.requireNonNull(endedSessions, "endedSessions must not be null");
		this.endedSince = java.util.Objects.requireNonNull(endedSince, "endedSince must not be null");
	}

	/**
	 * Whether a session has ended, as far as this instance knows without asking the database.
	 * @param sessionId the session
	 * @return {@link SessionState#ENDED} when it is known to have ended; {@link SessionState#LIVE} when the
	 * database showed it live within the entry lifetime and the set of ended sessions, which is complete, does
	 * not hold it; {@link SessionState#UNKNOWN} otherwise (never seen, or the set cannot be relied on because
	 * the listener is not serving or the set is over its bound)
	 */
	public SessionState sessionState(UUID sessionId) {
		if (this.endedSessions.contains(sessionId)) {
			return SessionState.ENDED;
		}
		Instant trustedUntil = this.liveSessions.get(sessionId);
		if (trustedUntil == null || !this.clock.instant().isBefore(trustedUntil) || !isServing()
				|| this.endedSessions.isOverflowing()) {
			return SessionState.UNKNOWN;
		}
		return SessionState.LIVE;
	}

	/**
	 * Remembers that the database just showed a session live, so that its next checks need no round trip.
	 * An end that raced with this is not lost: the ended-session set is consulted first and keeps its ids for
	 * the whole lifetime of their access tokens.
	 * @param sessionId the session
	 */
	public void sessionSeenLive(UUID sessionId) {
		if (!isServing()) {
			return;
		}
		if (this.liveSessions.size() >= this.maxEntries) {
			this.liveSessions.clear();
		}
		this.liveSessions.put(sessionId, this.clock.instant().plus(this.ttl));
	}

	/** Remembers that sessions ended, now and again when the current transaction (if any) commits. */
	public void sessionsEnded(Collection<UUID> sessionIds) {
		if (sessionIds.isEmpty()) {
			return;
		}
		List<UUID> ids = List.copyOf(sessionIds);
		dropNowAndAfterCommit(() -> this.endedSessions.add(ids));
	}

	/**
	 * The active role of a user in a workspace, from the cache when it is serving, else from the loader.
	 * @param workspaceId the workspace
	 * @param userId the user
	 * @param loader the database check
	 * @return the role, when the membership and the user are active
	 */
	public Optional<MembershipRole> activeRole(UUID workspaceId, UUID userId,
			Supplier<Optional<MembershipRole>> loader) {
		if (!isServing()) {
			return loader.get();
		}
		Key key = new Key(workspaceId, userId);
		Instant now = this.clock.instant();
		Entry entry = this.entries.get(key);
		if (entry != null && now.isBefore(entry.expiresAt)) {
			return Optional.of(entry.role);
		}
		long before = this.generation.get();
		Optional<MembershipRole> role = loader.get();
		if (role.isPresent() && isServing() && this.generation.get() == before) {
			if (this.entries.size() >= this.maxEntries) {
				this.entries.clear();
			}
			Entry stored = new Entry(role.get(), now.plus(this.ttl));
			this.entries.put(key, stored);
			// an invalidation that landed between the check and the put must win
			if (!isServing() || this.generation.get() != before) {
				this.entries.remove(key, stored);
			}
		}
		return role;
	}

	/** Drops one membership, now and again when the current transaction (if any) commits. */
	public void invalidate(UUID workspaceId, UUID userId) {
		Key key = new Key(workspaceId, userId);
		Runnable drop = () -> {
			this.generation.incrementAndGet();
			this.entries.remove(key);
		};
		dropNowAndAfterCommit(drop);
	}

	/** Drops every membership of a user (status change), now and again after the commit. */
	public void invalidateUser(UUID userId) {
		dropNowAndAfterCommit(() -> {
			this.generation.incrementAndGet();
			this.entries.keySet().removeIf((key) -> key.userId.equals(userId));
		});
	}

	/** Drops everything (a notification may have been missed). */
	public void invalidateAll() {
		this.generation.incrementAndGet();
		this.entries.clear();
		this.liveSessions.clear();
	}

	/**
	 * Whether entries are served: only while the listener is connected and proved its connection alive within
	 * the last three seconds, so that a silently dead connection (no reset, no error) cannot keep stale
	 * entries in service.
	 */
	public boolean isServing() {
		return this.serving && System.nanoTime() - this.heartbeatNanos < HEARTBEAT_VALIDITY_NANOS;
	}

	/** The listener's connection just answered: notifications are known to arrive. */
	void heartbeat() {
		this.heartbeatNanos = System.nanoTime();
		this.endedSessions.purge();
	}

	/**
	 * Starts or stops serving. Starting reloads the sessions ended within the retention of the ended-session
	 * set, so that ends missed while the listener was away are known before anything is served.
	 */
	void serve(boolean serving) {
		if (!serving) {
			this.serving = false;
			invalidateAll();
		}
		else {
			invalidateAll();
			this.endedSessions.add(this.endedSince.apply(this.endedSessions.horizon()));
			heartbeat();
			this.serving = true;
		}
	}

	/** Memberships held now. */
	public int size() {
		return this.entries.size();
	}

	/** Ids of recently ended sessions held now. */
	public int endedSessionsHeld() {
		return this.endedSessions.size();
	}

	/**
	 * Applies a notification payload: {@code <workspace>:<user>}, {@code *:<user>}, or {@code *:*} (a table
	 * was truncated: drop everything).
	 * @param payload the payload
	 */
	void apply(String payload) {
		if (payload.startsWith(SESSION_PREFIX)) {
			try {
				this.endedSessions.add(UUID.fromString(payload.substring(SESSION_PREFIX.length())));
			}
			catch (RuntimeException ex) {
				invalidateAll();
			}
			return;
		}
		int colon = payload.indexOf(':');
		try {
			String workspace = payload.substring(0, colon);
			this.generation.incrementAndGet();
			if ("*".equals(workspace) && "*".equals(payload.substring(colon + 1))) {
				this.entries.clear();
				return;
			}
			UUID userId = UUID.fromString(payload.substring(colon + 1));
			if ("*".equals(workspace)) {
				this.entries.keySet().removeIf((key) -> key.userId.equals(userId));
			}
			else {
				this.entries.remove(new Key(UUID.fromString(workspace), userId));
			}
		}
		catch (RuntimeException ex) {
			invalidateAll();
		}
	}

	private static void dropNowAndAfterCommit(Runnable drop) {
		drop.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					drop.run();
				}

			});
		}
	}

	private static final String SESSION_PREFIX = "sid:";

	/**
	 * What this instance knows of a session without asking the database.
	 */
	public enum SessionState {

		/** Known to have ended recently. */
		ENDED,

		/** Seen live in the database recently, not among the ended sessions, and that set is complete. */
		LIVE,

		/** The database must be asked (and {@link #sessionSeenLive} told when it says live). */
		UNKNOWN

	}

	private record Key(UUID workspaceId, UUID userId) {
	}

	private record Entry(MembershipRole role, Instant expiresAt) {
	}

}
