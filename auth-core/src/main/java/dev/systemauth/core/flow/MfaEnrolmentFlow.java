package dev.systemauth.core.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.TotpStore;

/**
 * Turning a second factor on and off for a signed-in user: enrol (a new TOTP secret, pending), confirm it
 * with a first code (which also issues, or re-issues, ten recovery codes, shown once), and disable it with a
 * code. Every code check counts as a credential attempt of the client's IP.
 */
public final class MfaEnrolmentFlow {

	private static final int SECRET_BYTES = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AuthDatabase database;

	private final UserStore accounts;

	private final TotpStore totpStore;

	private final SecondFactorCodes codes;

	private final SecretCipher cipher;

	private final AuditLog auditLog;

	private final CredentialAttempts attempts;

	private final MfaSettings settings;

	private final Clock clock;

	private final @Nullable MfaPolicy policy;

	public MfaEnrolmentFlow(AuthDatabase database, UserStore accounts, MfaStores stores, AuditLog auditLog,
			dev.systemauth.core.throttle.AbuseGuard abuse, MfaSettings settings, Clock clock) {
		this(database, accounts, stores, auditLog, abuse, settings, clock, null);
	}

	/**
	 * @param policy the workspace MFA policy, whose workspaces keep their members from disabling their second
	 * factor, or {@code null} when it is not enforced
	 */
	public MfaEnrolmentFlow(AuthDatabase database, UserStore accounts, MfaStores stores, AuditLog auditLog,
			dev.systemauth.core.throttle.AbuseGuard abuse, MfaSettings settings, Clock clock,
			@Nullable MfaPolicy policy) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.totpStore = stores.totp();
		this.codes = stores.codes(clock);
		this.cipher = stores.cipher();
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.attempts = new CredentialAttempts(abuse);
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.policy = policy;
	}

	/**
	 * Issues a new TOTP secret, pending until confirmed; replaces a pending one.
	 * @throws AuthException {@link AuthErrorCode#MFA_ALREADY_ENABLED} when a second factor is confirmed
	 */
	public TotpEnrolment enroll(UUID userId, ClientInfo client) {
		UserAccount account = this.accounts.findById(userId)
			.filter(UserAccount::isActive)
			.orElseThrow(() -> new AuthException(AuthErrorCode.INVALID_TOKEN, "The session is not valid."));
		byte[] secret = new byte[SECRET_BYTES];
		RANDOM.nextBytes(secret);
		byte[] sealed = this.cipher.seal(secret, userId.toString());
		boolean saved = this.database.inTransaction(() -> {
			if (!this.totpStore.savePending(userId, sealed, this.cipher.currentKeyId(), this.clock.instant())) {
				return false;
			}
			this.auditLog.record(AuditEvent.success(AuditEventType.MFA_ENROLLED, null, userId, client));
			return true;
		});
		if (!saved) {
			throw new AuthException(AuthErrorCode.MFA_ALREADY_ENABLED,
					"A second factor is already enabled; disable it first.");
		}
		String encoded = Base32.encode(secret);
		return new TotpEnrolment(encoded, otpauthUri(encoded, account.email()));
	}

	/**
	 * Confirms the pending secret (or the confirmed one again) with a code, and issues new recovery codes.
	 * @return the ten recovery codes, in clear this once
	 * @throws AuthException {@link AuthErrorCode#INVALID_CODE} when the code is wrong or already used
	 */
	public List<String> confirm(UUID userId, @Nullable String code, ClientInfo client) {
		String presented = FlowErrors.require(code, "code");
		return checked(userId, client, () -> this.database.inTransaction(() -> {
			TotpStore.TotpSecret secret = this.totpStore.find(userId).orElse(null);
			if (secret == null || this.codes.spend(userId, secret, presented, false) != SecondFactorCodes.Spent.TOTP) {
				throw invalidCode();
			}
			List<String> recovery = this.codes.replaceRecoveryCodes(userId);
			this.auditLog.record(AuditEvent.success(AuditEventType.MFA_CONFIRMED, null, userId, client));
			return recovery;
		}));
	}

	/**
	 * Disables the second factor, with a TOTP code or a recovery code.
	 * @throws AuthException {@link AuthErrorCode#INVALID_CODE} when the code is wrong or used, or no second
	 * factor is enabled; {@link AuthErrorCode#MFA_REQUIRED_BY_WORKSPACE} while a workspace the user is an active
	 * member of requires a second factor (checked first, without the code)
	 */
	public void disable(UUID userId, @Nullable String code, ClientInfo client) {
		String presented = FlowErrors.require(code, "code");
		checked(userId, client, () -> this.database.inTransaction(() -> {
			if (this.policy != null) {
				this.policy.requireNotRequiredOf(userId);
			}
			TotpStore.TotpSecret secret = this.totpStore.find(userId).filter(TotpStore.TotpSecret::confirmed)
				.orElse(null);
			SecondFactorCodes.Spent spent = this.codes.spend(userId, secret, presented, true);
			if (secret == null || spent == SecondFactorCodes.Spent.NONE) {
				throw invalidCode();
			}
			if (spent == SecondFactorCodes.Spent.RECOVERY_CODE) {
				this.auditLog.record(AuditEvent.success(AuditEventType.MFA_RECOVERY_CODE_USED, null, userId, client));
			}
			this.totpStore.deleteConfirmed(userId);
			this.codes.deleteRecoveryCodes(userId);
			this.auditLog.record(AuditEvent.success(AuditEventType.MFA_DISABLED, null, userId, client));
			return null;
		}));
	}

	private <T> T checked(UUID userId, ClientInfo client, java.util.function.Supplier<T> work) {
		try {
			return this.attempts.check(client, (ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_CODE, work);
		}
		catch (AuthException ex) {
			if (ex.getErrorCode() == AuthErrorCode.INVALID_CODE) {
				this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.MFA_VERIFIED, AuditEvent.Outcome.FAILURE,
						null, userId, client, Map.of("reason", "invalid_code")));
			}
			throw ex;
		}
	}

	private String otpauthUri(String secret, String email) {
		String issuer = encode(this.settings.issuer());
		return "otpauth://totp/" + issuer + ":" + encode(email) + "?secret=" + secret + "&issuer=" + issuer
				+ "&algorithm=SHA1&digits=6&period=30";
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static AuthException invalidCode() {
		return new AuthException(AuthErrorCode.INVALID_CODE, "The code is wrong or was already used.");
	}

	/**
	 * A new TOTP secret, for the user's authenticator app.
	 *
	 * @param secret the secret in Base32
	 * @param otpauthUri the {@code otpauth://totp/...} URI (for a QR code)
	 */
	public record TotpEnrolment(String secret, String otpauthUri) {

		@Override
		public String toString() {
			return "TotpEnrolment[secret=<hidden>]";
		}

	}

}
