package dev.systemauth.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventListener;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.tenant.MembershipCache;

/**
 * The starter's meters, bound to the host's {@link MeterRegistry}:
 * <ul>
 * <li>{@code auth.events} (counter, tags {@code type} and {@code outcome}): every audit event, so sign-ins,
 * signups, refreshes, verifications, resets, magic links, session ends and denied requests, each by
 * outcome. Their latency is the {@code auth.login}, {@code auth.signup}, ... observations (with an
 * {@code ObservationRegistry}) and Boot's {@code http.server.requests} timer of each route; protected-request
 * checks are {@link AuthAccessMetrics};</li>
 * <li>{@code auth.password.hashing.queued} (gauge) and {@code auth.password.hashing.refused} (counter): the
 * bounded hashing executor;</li>
 * <li>{@code auth.membership.cache.size}, {@code auth.sessions.ended.held} and
 * {@code auth.membership.listener.serving} (gauges; the last is 1 while the listener proves delivery, else
 * 0), when the membership cache is on.</li>
 * </ul>
 */
public final class AuthMetrics implements MeterBinder, AuditEventListener {

	private final ObjectProvider<PasswordHasher> passwordHasher;

	private final ObjectProvider<MembershipCache> cache;

	private volatile @Nullable MeterRegistry registry;

	/** One counter per type and outcome, so that counting an event (one per audited request) is one lookup. */
	private final java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

	public AuthMetrics(ObjectProvider<PasswordHasher> passwordHasher, ObjectProvider<MembershipCache> cache) {
		this.passwordHasher = passwordHasher;
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.counters.clear();
		this.registry = registry;
		PasswordHasher hasher = this.passwordHasher.getIfAvailable();
		if (hasher != null) {
			Gauge.builder("auth.password.hashing.queued", hasher, (h) -> h.executor().queued())
				.description("Password hashes waiting for a hashing thread")
				.register(registry);
			FunctionCounter.builder("auth.password.hashing.refused", hasher, (h) -> h.executor().refused())
				.description("Password operations refused with server_busy because the hashing queue was full")
				.register(registry);
		}
		MembershipCache membershipCache = this.cache.getIfAvailable();
		if (membershipCache != null) {
			Gauge.builder("auth.membership.cache.size", membershipCache, MembershipCache::size)
				.description("Active memberships served from memory")
				.register(registry);
			Gauge.builder("auth.sessions.ended.held", membershipCache, MembershipCache::endedSessionsHeld)
				.description("Ids of recently ended sessions held to refuse their access tokens")
				.register(registry);
			Gauge.builder("auth.membership.listener.serving", membershipCache, (c) -> c.isServing() ? 1 : 0)
				.description("1 while the membership listener proves that notifications arrive, else 0")
				.register(registry);
		}
	}

	@Override
	public void onAuditEvent(AuditEvent event) {
		MeterRegistry bound = this.registry;
		if (bound != null) {
			this.counters.computeIfAbsent(event.type() + '\u0000' + event.outcome().value(), (key) -> Counter
				.builder("auth.events")
				.description("Audit events of the auth starter")
				.tag("type", event.type())
				.tag("outcome", event.outcome().value())
				.register(bound)).increment();
		}
	}

}
