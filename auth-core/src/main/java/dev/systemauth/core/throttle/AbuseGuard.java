package dev.systemauth.core.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * answer 202 but send nothing, so the endpoints cannot flood an inbox; only messages actually sent count,
 * so requests that send nothing cannot spend a victim's quota; and per IP, requests that send mail beyond
 * {@code ipMaxEmailRequests} answer 429;</li>
 * <li>per IP, provider sign-ins started beyond {@code ipMaxAuthorizeRequests} answer 429 and store nothing.</li>
 * </ul>
 * Limits that guard a credential check are reserved before the check ({@link #reserveCredentialAttempt}):
 * the attempt is counted first and the decision taken on the returned count, so concurrent attempts cannot
 * all pass a check made before any of them was counted. Account and recipient keys are keyed hashes of the
 * normalised email, never the address itself.
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
	 * Refuses a credential attempt from an IP that failed too often, without counting it: a cheap early
	 * refusal before expensive work (a password hash). The attempt itself must still be
	 * {@linkplain #reserveCredentialAttempt reserved} before the credential is checked.
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

	/**
	 * Counts a credential attempt as failed before it is checked, against the client's IP and, when one is
	 * named, the account, in one statement. The caller checks the credential only when this returns and the
	 * account is not locked, and then settles the attempt: nothing more when it failed,
	 * {@link CredentialAttempt#succeeded()} when it succeeded, {@link CredentialAttempt#abandon()} when the
	 * credential was never checked.
	 * @param normalizedEmail the account's email, or {@code null} for a check that names no account
	 * @param client who tries
	 * @return the reservation, which tells whether the account is locked
	 * @throws AuthException {@link AuthErrorCode#TOO_MANY_REQUESTS} with a {@code retryAfter} in seconds when
	 * the IP is beyond its limit (the account is then not counted)
	 */
	public CredentialAttempt reserveCredentialAttempt(@Nullable String normalizedEmail, ClientInfo client) {
		if (!this.settings.enabled()) {
			return new CredentialAttempt(this.store, null, null, false);
		}
		Instant now = this.clock.instant();
		String ip = ipKey("cred", client);
		String account = (normalizedEmail != null) ? accountKey(normalizedEmail) : null;
		Map<String, Duration> windows = new LinkedHashMap<>();
		if (ip != null) {
			windows.put(ip, this.settings.ipWindow());
		}
		if (account != null) {
			windows.put(account, this.settings.accountWindow());
		}
		Map<String, ThrottleStore.Count> counts = this.store.hit(windows, now);
		ThrottleStore.Count ipCount = (ip != null) ? counts.get(ip) : null;
		if (ipCount != null && ipCount.hits() > this.settings.ipMaxAttempts()) {
			if (account != null) {
				this.store.settle(List.of(), List.of(account));
			}
			throw tooMany(ipCount.resetsAt(), now);
		}
		ThrottleStore.Count accountCount = (account != null) ? counts.get(account) : null;
		boolean locked = accountCount != null && accountCount.hits() > this.settings.accountMaxFailures();
		return new CredentialAttempt(this.store, ip, account, locked);
	}

	/** Forgets the account's failures (a completed password reset ends a lockout). */
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

	/**
	 * Counts the start of a provider sign-in (which stores an authorization request) against the IP.
	 * @throws AuthException {@link AuthErrorCode#TOO_MANY_REQUESTS} beyond the IP's limit
	 */
	public void checkAuthorizeRequest(ClientInfo client) {
		String key = ipKey("authz", client);
		if (!this.settings.enabled() || key == null) {
			return;
		}
		Instant now = this.clock.instant();
		ThrottleStore.Count count = this.store.hit(key, this.settings.ipWindow(), now);
		if (count.hits() > this.settings.ipMaxAuthorizeRequests()) {
			throw tooMany(count.resetsAt(), now);
		}
	}

	/**
	 * Counts a message to a recipient and tells whether it may be sent: false when the recipient already got
	 * enough in this window. One statement counts and returns the count, so concurrent senders cannot pass the
	 * limit together. Call it only once everything else says the message will be sent.
	 */
	public boolean allowMailTo(String normalizedEmail) {
		if (!this.settings.enabled()) {
			return true;
		}
		ThrottleStore.Count count = this.store.hit("mail:" + this.hasher.hash("recipient:" + normalizedEmail),
				this.settings.emailWindow(), this.clock.instant());
		return count.hits() <= this.settings.emailMaxPerRecipient();
	}

	/**
	 * A credential attempt counted before its check (see {@link #reserveCredentialAttempt}). A failed attempt
	 * needs nothing more: it was counted when reserved.
	 */
	public static final class CredentialAttempt {

		private final ThrottleStore store;

		private final @Nullable String ipKey;

		private final @Nullable String accountKey;

		private final boolean accountLocked;

		private CredentialAttempt(ThrottleStore store, @Nullable String ipKey, @Nullable String accountKey,
				boolean accountLocked) {
			this.store = store;
			this.ipKey = ipKey;
			this.accountKey = accountKey;
			this.accountLocked = accountLocked;
		}

		/**
		 * Whether the account had failed too often, counting attempts reserved before this one; the credential
		 * must then not be checked, and the attempt answers like a wrong one.
		 */
		public boolean accountLocked() {
			return this.accountLocked;
		}

		/**
		 * The credential was right: forgets the account's failures and takes the attempt back from the IP, where
		 * only failures count. One statement.
		 */
		public void succeeded() {
			ThrottleSettlement settlement = onSuccess();
			this.store.settle(settlement.resetKeys(), settlement.takeBackKeys());
		}

		/**
		 * What {@link #succeeded()} writes, for a caller that writes it together with its own statement (the
		 * session start of a sign-in).
		 */
		public ThrottleSettlement onSuccess() {
			return new ThrottleSettlement(keys(this.accountKey), keys(this.ipKey));
		}

		/**
		 * The credential was never checked (the hasher was busy, the database failed, or the answer was not
		 * about the credential): takes the attempt back from the IP and the account. One statement.
		 */
		public void abandon() {
			List<String> keys = new ArrayList<>(keys(this.ipKey));
			keys.addAll(keys(this.accountKey));
			this.store.settle(List.of(), keys);
		}

		private static List<String> keys(@Nullable String key) {
			return (key != null) ? List.of(key) : List.of();
		}

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
