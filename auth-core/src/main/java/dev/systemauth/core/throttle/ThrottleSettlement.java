package dev.systemauth.core.throttle;

import java.util.Collection;
import java.util.List;

/**
 * What a successful credential check does to the counters it reserved: the keys whose failures are forgotten
 * and the keys that get their reserved hit back. Written by the statement that starts the session, so that a
 * sign-in costs no statement of its own for it.
 *
 * @param resetKeys counters deleted (the account's failures)
 * @param takeBackKeys counters decremented by one (the IP's reserved attempt, as only failures count there)
 */
public record ThrottleSettlement(List<String> resetKeys, List<String> takeBackKeys) {

	/** Nothing to settle. */
	public static final ThrottleSettlement NONE = new ThrottleSettlement(List.of(), List.of());

	public ThrottleSettlement(Collection<String> resetKeys, Collection<String> takeBackKeys) {
		this(List.copyOf(resetKeys), List.copyOf(takeBackKeys));
	}

}
