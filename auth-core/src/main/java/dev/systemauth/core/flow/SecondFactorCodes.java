package dev.systemauth.core.flow;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.token.TokenHasher;

/**
 * Checks and spends a second-factor code: a TOTP code (its step spent by one conditional update) or a
 * recovery code (spent once ever). The work before the database is the same whatever the outcome: a secret
 * is decrypted (a sealed dummy when there is none), the TOTP candidates are computed and the recovery code
 * hashed every time.
 * Package-private: the MFA flows share it.
 */
final class SecondFactorCodes {

	/** Recovery codes per user. */
	static final int RECOVERY_CODES = 10;

	/** 120 random bits: at least the 112 bits ASVS 6.5.2 asks of a lookup secret stored with a fast keyed hash. */
	private static final int RECOVERY_CODE_BYTES = 15;

	private static final byte[] DUMMY_SECRET = new byte[20];

	private static final String DUMMY_OWNER = "dummy";

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Which code was spent. */
	enum Spent {

		TOTP, RECOVERY_CODE, NONE

	}

	private final TotpStore totpStore;

	private final RecoveryCodeStore recoveryCodes;

	private final SecretCipher cipher;

	private final Totp totp;

	private final TokenHasher hasher;

	private final Clock clock;

	/** A sealed dummy secret, opened when there is no real one, so both paths decrypt once. */
	private final byte[] dummySealed;

	SecondFactorCodes(TotpStore totpStore, RecoveryCodeStore recoveryCodes, SecretCipher cipher, Totp totp,
			TokenHasher hasher, Clock clock) {
		this.totpStore = Objects.requireNonNull(totpStore, "totpStore must not be null");
		this.recoveryCodes = Objects.requireNonNull(recoveryCodes, "recoveryCodes must not be null");
		this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
		this.totp = Objects.requireNonNull(totp, "totp must not be null");
		this.hasher = Objects.requireNonNull(hasher, "hasher must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.dummySealed = cipher.seal(DUMMY_SECRET, DUMMY_OWNER);
	}

	/**
	 * Checks a code and spends it when it matches.
	 * @param userId the user, or {@code null} when there is none (the work is done, nothing matches)
	 * @param secret the user's stored secret, or {@code null}
	 * @param code the code presented
	 * @param recovery whether a recovery code is accepted
	 * @return what was spent
	 */
	Spent spend(@Nullable UUID userId, TotpStore.@Nullable TotpSecret secret, String code, boolean recovery) {
		Instant now = this.clock.instant();
		byte[] plain = (userId != null && secret != null)
				? this.cipher.open(secret.keyId(), secret.ciphertext(), userId.toString())
				: this.cipher.open(this.cipher.currentKeyId(), this.dummySealed, DUMMY_OWNER);
		long step = this.totp.matchingStep(plain, code.strip(), Totp.step(now));
		String[] recoveryHashes = this.hasher.candidates(normalizeRecoveryCode(code));
		if (userId == null || secret == null) {
			return Spent.NONE;
		}
		if (step != Totp.NO_MATCH) {
			return this.totpStore.useStep(userId, step, now) ? Spent.TOTP : Spent.NONE;
		}
		if (recovery && this.recoveryCodes.use(userId, recoveryHashes, now)) {
			return Spent.RECOVERY_CODE;
		}
		return Spent.NONE;
	}

	/** Issues new recovery codes for the user, replacing the old ones; returns them as shown to the user. */
	List<String> replaceRecoveryCodes(UUID userId) {
		List<String> codes = new ArrayList<>(RECOVERY_CODES);
		List<String> hashes = new ArrayList<>(RECOVERY_CODES);
		for (int i = 0; i < RECOVERY_CODES; i++) {
			byte[] random = new byte[RECOVERY_CODE_BYTES];
			RANDOM.nextBytes(random);
			String raw = Base32.encode(random).toLowerCase(Locale.ROOT);
			codes.add(String.join("-", raw.substring(0, 6), raw.substring(6, 12), raw.substring(12, 18),
					raw.substring(18)));
			hashes.add(this.hasher.hash(normalizeRecoveryCode(raw)));
		}
		this.recoveryCodes.replace(userId, hashes, this.clock.instant());
		return List.copyOf(codes);
	}

	/** Deletes the user's recovery codes. */
	void deleteRecoveryCodes(UUID userId) {
		this.recoveryCodes.deleteAll(userId);
	}

	static String normalizeRecoveryCode(String code) {
		return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
	}

}
