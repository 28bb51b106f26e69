package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Issues the {@code mfaToken} of a sign-in whose user has a confirmed second factor, instead of a session.
 * Used by {@link SignInCompletion}; the first factor's audit row and throttle settlement are written here,
 * since no session start carries them.
 */
public final class MfaChallenges {

	private final TotpStore totp;

	private final MfaChallengeStore challenges;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final ThrottleStore throttle;

	private final MfaSettings settings;

	private final Clock clock;

	private final SecondFactorMethods additionalMethods;

	public MfaChallenges(TotpStore totp, MfaChallengeStore challenges, TokenHasher hasher, AuditLog auditLog,
			ThrottleStore throttle, MfaSettings settings, Clock clock) {
		this(totp, challenges, hasher, auditLog, throttle, settings, clock, SecondFactorMethods.NONE);
	}

	/**
	 * @param additionalMethods further second factors to list in a challenge's {@code methods} (passkeys)
	 */
	public MfaChallenges(TotpStore totp, MfaChallengeStore challenges, TokenHasher hasher, AuditLog auditLog,
			ThrottleStore throttle, MfaSettings settings, Clock clock, SecondFactorMethods additionalMethods) {
		this.additionalMethods = Objects.requireNonNull(additionalMethods, "additionalMethods must not be null");
		this.totp = Objects.requireNonNull(totp, "totp must not be null");
		this.challenges = Objects.requireNonNull(challenges, "challenges must not be null");
		this.hasher = Objects.requireNonNull(hasher, "hasher must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.throttle = Objects.requireNonNull(throttle, "throttle must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** Whether the user must present a second factor. */
	boolean required(UUID userId) {
		return this.totp.isConfirmed(userId);
	}

	/** Issues a challenge; joins the caller's transaction. */
	SignInResult.MfaChallenge issue(UUID userId, UUID workspaceId, ClientInfo client, @Nullable AuditEvent firstFactor,
			ThrottleSettlement settlement) {
		Instant now = this.clock.instant();
		String token = SecureTokens.newToken();
		this.challenges.insert(this.hasher.hash(token), userId, workspaceId, "totp", now,
				now.plus(this.settings.challengeTtl()));
		if (firstFactor != null) {
			this.auditLog.record(firstFactor);
		}
		this.auditLog.record(AuditEvent.success(AuditEventType.MFA_CHALLENGED, workspaceId, userId, client));
		if (!settlement.resetKeys().isEmpty() || !settlement.takeBackKeys().isEmpty()) {
			this.throttle.settle(settlement.resetKeys(), settlement.takeBackKeys());
		}
		List<String> methods = new ArrayList<>(SignInResult.MfaChallenge.TOTP_METHODS);
		methods.addAll(this.additionalMethods.additional(userId));
		return new SignInResult.MfaChallenge(token, this.settings.challengeTtl().toSeconds(), methods);
	}

}
