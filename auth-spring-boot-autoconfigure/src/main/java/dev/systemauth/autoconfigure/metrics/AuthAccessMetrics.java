package dev.systemauth.autoconfigure.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.systemauth.autoconfigure.web.AccessCheckListener;

/**
 * The timer {@code auth.access} (tag {@code outcome}: {@code granted} or the problem code of the refusal),
 * recording every protected request's workspace check, so its count is the number of checks by outcome and
 * its time what the check added to the request. One timer per outcome is kept, so recording a check is one
 * map lookup and allocates nothing once each outcome has been seen. Until a registry is bound, checks are
 * not recorded.
 */
public final class AuthAccessMetrics implements MeterBinder, AccessCheckListener {

	/** Name of the timer. */
	public static final String ACCESS_TIMER = "auth.access";

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.timers.clear();
		this.registry = registry;
	}

	@Override
	public void accessChecked(String outcome, long nanos) {
		Timer timer = this.timers.get(outcome);
		if (timer == null) {
			MeterRegistry bound = this.registry;
			if (bound == null) {
				return;
			}
			timer = this.timers.computeIfAbsent(outcome, (key) -> Timer.builder(ACCESS_TIMER)
				.description("Workspace checks of protected requests, by outcome")
				.tag("outcome", key)
				.register(bound));
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

}
