package dev.systemauth.core.cleanup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.systemauth.core.identity.AuthorizationStore;
import dev.systemauth.core.identity.ExchangeCodeStore;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.throttle.ThrottleStore;

/**
 * Deletes what can no longer be used: expired {@code mfa_challenges}, {@code mfa_enrolment_tokens},
 * {@code passkey_challenges}, {@code oauth_authorizations}, {@code oauth_exchange_codes} and single-use tokens
 * (verification, reset, magic link), and the
 * {@code throttle_counters} untouched for longer than {@code throttleRetention}. Each table is deleted from by
 * the store that owns it, one statement per table; an expired row answers exactly like a missing one, so
 * deleting it changes no answer. Several instances may run it at once: the deletes are idempotent.
 * <p>
 * Sessions, refresh tokens, invitations and audit rows are not touched: they are kept for their own
 * lifetimes and for retention policies that are the host's to choose.
 */
public final class ExpiredRowsCleanup {

	private final MfaChallengeStore mfaChallenges;

	private final MfaEnrolmentTokenStore enrolmentTokens;

	private final PasskeyChallengeStore passkeyChallenges;

	private final AuthorizationStore authorizations;

	private final ExchangeCodeStore exchangeCodes;

	private final OneTimeTokenStore oneTimeTokens;

	private final ThrottleStore throttleCounters;

	private final Duration throttleRetention;

	private final Clock clock;

	/**
	 * @param database the auth schema
	 * @param throttleRetention how long a counter is kept after its last hit; at least the longest throttle
	 * window, or a limit would forget hits inside its window
	 * @param clock the time
	 */
	public ExpiredRowsCleanup(AuthDatabase database, Duration throttleRetention, Clock clock) {
		Objects.requireNonNull(database, "database must not be null");
		Objects.requireNonNull(throttleRetention, "throttleRetention must not be null");
		if (throttleRetention.isNegative() || throttleRetention.isZero()) {
			throw new IllegalArgumentException("throttleRetention must be positive");
		}
		this.mfaChallenges = new MfaChallengeStore(database);
		this.enrolmentTokens = new MfaEnrolmentTokenStore(database);
		this.passkeyChallenges = new PasskeyChallengeStore(database);
		this.authorizations = new AuthorizationStore(database);
		this.exchangeCodes = new ExchangeCodeStore(database);
		this.oneTimeTokens = new OneTimeTokenStore(database);
		this.throttleCounters = new ThrottleStore(database);
		this.throttleRetention = throttleRetention;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** Deletes every expired row now; returns how many of each kind went. */
	public Deleted run() {
		Instant now = this.clock.instant();
		return new Deleted(this.mfaChallenges.deleteExpired(now), this.enrolmentTokens.deleteExpired(now),
				this.passkeyChallenges.deleteExpired(now), this.authorizations.deleteExpired(now),
				this.exchangeCodes.deleteExpired(now), this.oneTimeTokens.deleteExpired(now),
				this.throttleCounters.purgeOlderThan(now.minus(this.throttleRetention)));
	}

	/**
	 * What one {@link #run()} deleted.
	 *
	 * @param mfaChallenges expired {@code mfaToken}s
	 * @param enrolmentTokens expired enrolment tokens of the workspace MFA policy
	 * @param passkeyChallenges expired challenges of passkey ceremonies
	 * @param authorizations expired provider authorization requests
	 * @param exchangeCodes expired provider exchange codes
	 * @param oneTimeTokens expired verification, reset and magic-link tokens
	 * @param throttleCounters counters untouched for the retention
	 */
	public record Deleted(int mfaChallenges, int enrolmentTokens, int passkeyChallenges, int authorizations,
			int exchangeCodes, int oneTimeTokens, int throttleCounters) {

		/** The rows deleted in all. */
		public int total() {
			return this.mfaChallenges + this.enrolmentTokens + this.passkeyChallenges + this.authorizations + this.exchangeCodes + this.oneTimeTokens
					+ this.throttleCounters;
		}

	}

}
