package dev.systemauth.core.throttle;

import java.time.Duration;

/**
 * Limits of the {@link AbuseGuard}.
 *
 * @param enabled whether limits apply at all
 * @param accountMaxFailures failed logins per account per window before it is locked (wrong verification codes
 * count per IP, and each code dies after its own attempt limit)
 * @param accountWindow the account failure window (and lock time)
 * @param ipMaxAttempts credential attempts (login, verification code, reset, magic-link consume) per client
 * IP per window
 * @param ipWindow the IP window
 * @param emailMaxPerRecipient messages per recipient per window (forgot-password, resend, magic link)
 * @param emailWindow the recipient window
 * @param ipMaxEmailRequests requests that send mail (forgot-password, resend, magic link) per IP per window
 * @param ipMaxAuthorizeRequests provider sign-ins started ({@code GET /auth/oauth/{provider}/authorize}, each
 * storing an authorization request) per IP per window
 */
public record ThrottleSettings(boolean enabled, int accountMaxFailures, Duration accountWindow, int ipMaxAttempts,
		Duration ipWindow, int emailMaxPerRecipient, Duration emailWindow, int ipMaxEmailRequests,
		int ipMaxAuthorizeRequests) {

	/** The default number of provider sign-ins one IP may start per window. */
	public static final int DEFAULT_IP_MAX_AUTHORIZE_REQUESTS = 30;

	public ThrottleSettings {
		if (accountMaxFailures < 1 || ipMaxAttempts < 1 || emailMaxPerRecipient < 1 || ipMaxEmailRequests < 1
				|| ipMaxAuthorizeRequests < 1) {
			throw new IllegalArgumentException("throttle limits must be at least 1");
		}
		for (Duration window : new Duration[] { accountWindow, ipWindow, emailWindow }) {
			if (window == null || window.isZero() || window.isNegative()) {
				throw new IllegalArgumentException("throttle windows must be positive");
			}
		}
	}

	/** The limits with the default {@link #DEFAULT_IP_MAX_AUTHORIZE_REQUESTS} provider sign-ins per IP. */
	public ThrottleSettings(boolean enabled, int accountMaxFailures, Duration accountWindow, int ipMaxAttempts,
			Duration ipWindow, int emailMaxPerRecipient, Duration emailWindow, int ipMaxEmailRequests) {
		this(enabled, accountMaxFailures, accountWindow, ipMaxAttempts, ipWindow, emailMaxPerRecipient, emailWindow,
				ipMaxEmailRequests, DEFAULT_IP_MAX_AUTHORIZE_REQUESTS);
	}

	/**
	 * Defaults: 5 failures per account per 15 minutes, 50 attempts, 30 mail requests and 30 provider sign-ins
	 * per IP per 5 minutes, 5 mails per hour.
	 */
	public static ThrottleSettings defaults() {
		return new ThrottleSettings(true, 5, Duration.ofMinutes(15), 50, Duration.ofMinutes(5), 5, Duration.ofHours(1),
				30);
	}

	/** No limits (tests, or a host that throttles elsewhere). */
	public static ThrottleSettings disabled() {
		return new ThrottleSettings(false, 5, Duration.ofMinutes(15), 50, Duration.ofMinutes(5), 5, Duration.ofHours(1),
				30);
	}

}
