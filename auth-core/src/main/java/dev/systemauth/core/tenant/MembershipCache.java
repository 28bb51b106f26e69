package dev.systemauth.core.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 */
public final class MembershipCache {

	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private final Duration ttl;

	private final int maxEntries;

	private final Clock clock;

	private volatile boolean serving;

	/** When the listener last proved its connection alive; entries are served only shortly after that. */
	private volatile long heartbeatNanos;

	/** How long after the last heartbeat entries are still served: three missed liveness checks. */
	private static final long HEARTBEAT_VALIDITY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);

	public MembershipCache(Duration ttl, int maxEntries, Clock clock) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1");
		}
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		this.clock = clock;
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
	}

	void serve(boolean serving) {
		if (!serving) {
			this.serving = false;
			invalidateAll();
		}
		else {
			invalidateAll();
			heartbeat();
			this.serving = true;
		}
	}

	int size() {
		return this.entries.size();
	}

	/**
	 * Applies a notification payload: {@code <workspace>:<user>}, {@code *:<user>}, or {@code *:*} (a table
	 * was truncated: drop everything).
	 * @param payload the payload
	 */
	void apply(String payload) {
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

	private record Key(UUID workspaceId, UUID userId) {
	}

	private record Entry(MembershipRole role, Instant expiresAt) {
	}

}
