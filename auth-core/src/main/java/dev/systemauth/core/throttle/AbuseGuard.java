package dev.systemauth.core.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.TokenHasher;

/**
 * Brute-force and abuse limits, shared by every instance through {@link ThrottleStore}:
 * <ul>
 * <li>per account: after {@code accountMaxFailures} failed logins in a window the account is locked for the
 * rest of the window, and a locked account answers a correct password exactly like a wrong one; a successful
 * login resets the count;</li>
 * <li>per client IP: failed credential attempts beyond {@code ipMaxAttempts} in a window answer 429 with
 * {@code Retry-After};</li>
 * <li>per recipient: at most {@code emailMaxPerRecipient} messages per window, beyond which requests still
 * answer 202 but send nothing, so the endpoints cannot flood an inbox; and per IP, requests that send mail
 * beyond {@code ipMaxEmailRequests} answer 429.</li>
 * </ul>
 * Account and recipient keys are keyed hashes of the normalised email, never the address itself.
 */
public final class AbuseGuard {

	private final ThrottleStore store;

	private final TokenHasher hasher;

	private final ThrottleSettings settings;

	private final Clock clock;

	public AbuseGuard(ThrottleStore store, TokenHasher hasher, ThrottleSettings settings, Clock clock) {
		this.store = store;
		this.hasher = hasher;
		this.settings = settings;
		this.clock = clock;
	}

	/** A guard that never limits. */
	public static AbuseGuard disabled(ThrottleStore store, TokenHasher hasher, Clock clock) {
		return new AbuseGuard(store, hasher, ThrottleSettings.disabled(), clock);
	}

	/**
	 * Refuses a credential attempt from an IP that failed too often.
	 * @throws AuthException {@link AuthErrorCode#TOO_MANY_REQUESTS} with a {@code retryAfter} in seconds
	 */
	public void checkCredentialAttempt(ClientInfo client) {
		String key = ipKey("cred", client);
		if (!this.settings.enabled() || key == null) {
			return;
		}
		Instant now = this.clock.instant();
		Optional<ThrottleStore.Count> count = this.store.peek(key, this.settings.ipWindow(), now);
		if (count.isPresent() && count.get().hits() >= this.settings.ipMaxAttempts()) {
			throw tooMany(count.get().resetsAt(), now);
		}
	}

	/** Counts a failed credential attempt against the IP (and the account, when one is named). */
	public void recordFailure(@Nullable String normalizedEmail, ClientInfo client) {
		if (!this.settings.enabled()) {
			return;
		}
		Instant now = this.clock.instant();
		String ip = ipKey("cred", client);
		if (ip != null) {
			this.store.hit(ip, this.settings.ipWindow(), now);
		}
		if (normalizedEmail != null) {
			this.store.hit(accountKey(normalizedEmail), this.settings.accountWindow(), now);
		}
	}

	/** Whether the account has failed too often in the current window. */
	public boolean isAccountLocked(String normalizedEmail) {
		if (!this.settings.enabled()) {
			return false;
		}
		return this.store.peek(accountKey(normalizedEmail), this.settings.accountWindow(), this.clock.instant())
			.map((count) -> count.hits() >= this.settings.accountMaxFailures())
			.orElse(false);
	}

	/** Forgets the account's failures after a successful login. */
	public void recordSuccess(String normalizedEmail) {
		if (this.settings.enabled()) {
			this.store.reset(accountKey(normalizedEmail));
		}
	}

	/**
	 * Counts a request that may send mail against the IP.
	 * @throws AuthException {@link AuthErrorCode#TOO_MANY_REQUESTS} beyond the IP's limit
	 */
	public void checkMailRequest(ClientInfo client) {
		String key = ipKey("mail", client);
		if (!this.settings.enabled() || key == null) {
			return;
		}
		Instant now = this.clock.instant();
		ThrottleStore.Count count = this.store.hit(key, this.settings.ipWindow(), now);
		if (count.hits() > this.settings.ipMaxEmailRequests()) {
			throw tooMany(count.resetsAt(), now);
		}
	}

	/** Counts a message to a recipient; false when the recipient already got enough in this window. */
	public boolean allowMailTo(String normalizedEmail) {
		if (!this.settings.enabled()) {
			return true;
		}
		ThrottleStore.Count count = this.store.hit("mail:" + this.hasher.hash("recipient:" + normalizedEmail),
				this.settings.emailWindow(), this.clock.instant());
		return count.hits() <= this.settings.emailMaxPerRecipient();
	}

	private String accountKey(String normalizedEmail) {
		return "account:" + this.hasher.hash("account:" + normalizedEmail);
	}

	private static @Nullable String ipKey(String scope, ClientInfo client) {
		String ip = client.ip();
		return (ip == null || ip.isEmpty()) ? null : "ip:" + scope + ":" + ip;
	}

	private static AuthException tooMany(Instant resetsAt, Instant now) {
		long seconds = Math.max(1, Duration.between(now, resetsAt).toSeconds());
		return new AuthException(AuthErrorCode.TOO_MANY_REQUESTS, "Too many attempts; retry later.",
				Map.of("retryAfter", seconds));
	}

}
