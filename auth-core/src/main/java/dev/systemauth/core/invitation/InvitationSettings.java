package dev.systemauth.core.invitation;

import java.time.Duration;
import java.util.Objects;

/**
 * How long invitations live and how many may be mailed.
 *
 * @param ttl how long an invitation can be accepted
 * @param limitWindow the window of the three mail limits
 * @param maxPerInviter how many invitations one member may send in a window
 * @param maxPerWorkspace how many invitations one workspace may send in a window
 * @param maxPerRecipient how many invitations one email address may receive in a window
 * @param limitsEnabled whether the three limits apply (off when every other limit is off, as with
 * {@code auth.throttle.enabled=false})
 */
public record InvitationSettings(Duration ttl, Duration limitWindow, int maxPerInviter, int maxPerWorkspace,
		int maxPerRecipient, boolean limitsEnabled) {

	public InvitationSettings {
		Objects.requireNonNull(ttl, "ttl must not be null");
		Objects.requireNonNull(limitWindow, "limitWindow must not be null");
		if (ttl.isNegative() || ttl.isZero() || limitWindow.isNegative() || limitWindow.isZero()) {
			throw new IllegalArgumentException("ttl and limitWindow must be positive");
		}
		if (maxPerInviter < 1 || maxPerWorkspace < 1 || maxPerRecipient < 1) {
			throw new IllegalArgumentException("the invitation limits must be at least 1");
		}
	}

	/** Settings whose limits apply. */
	public InvitationSettings(Duration ttl, Duration limitWindow, int maxPerInviter, int maxPerWorkspace,
			int maxPerRecipient) {
		this(ttl, limitWindow, maxPerInviter, maxPerWorkspace, maxPerRecipient, true);
	}

	/** Seven days; per hour 20 per inviter, 100 per workspace, 3 per recipient. */
	public static InvitationSettings defaults() {
		return new InvitationSettings(Duration.ofDays(7), Duration.ofHours(1), 20, 100, 3);
	}

}
