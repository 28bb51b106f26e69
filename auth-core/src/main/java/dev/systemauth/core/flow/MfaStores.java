package dev.systemauth.core.flow;

import java.time.Clock;
import java.util.Objects;

import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.token.TokenHasher;

/**
 * What the MFA flows share: the three MFA stores, the cipher of the secrets, the TOTP algorithm, and the
 * hasher of recovery codes and {@code mfaToken}s.
 *
 * @param totp the {@code mfa_totp} store
 * @param recoveryCodes the {@code mfa_recovery_codes} store
 * @param challenges the {@code mfa_challenges} store
 * @param cipher seals and opens the TOTP secrets
 * @param algorithm the TOTP algorithm
 * @param hasher hashes recovery codes and {@code mfaToken}s
 */
public record MfaStores(TotpStore totp, RecoveryCodeStore recoveryCodes, MfaChallengeStore challenges,
		SecretCipher cipher, Totp algorithm, TokenHasher hasher) {

	public MfaStores {
		Objects.requireNonNull(totp, "totp must not be null");
		Objects.requireNonNull(recoveryCodes, "recoveryCodes must not be null");
		Objects.requireNonNull(challenges, "challenges must not be null");
		Objects.requireNonNull(cipher, "cipher must not be null");
		Objects.requireNonNull(algorithm, "algorithm must not be null");
		Objects.requireNonNull(hasher, "hasher must not be null");
	}

	SecondFactorCodes codes(Clock clock) {
		return new SecondFactorCodes(this.totp, this.recoveryCodes, this.cipher, this.algorithm, this.hasher, clock);
	}

}
