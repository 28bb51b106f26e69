/**
 * A second factor: TOTP per RFC 6238 ({@link dev.systemauth.core.mfa.Totp}, secrets as RFC 4648
 * {@link dev.systemauth.core.mfa.Base32}), secrets encrypted at rest ({@link dev.systemauth.core.mfa.SecretCipher}),
 * and the stores of its three tables: {@link dev.systemauth.core.mfa.TotpStore},
 * {@link dev.systemauth.core.mfa.RecoveryCodeStore} and {@link dev.systemauth.core.mfa.MfaChallengeStore}. The
 * flows that use them are in {@code dev.systemauth.core.flow}.
 */
@NullMarked
package dev.systemauth.core.mfa;

import org.jspecify.annotations.NullMarked;
