package dev.systemauth.autoconfigure.mfa;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.flow.MfaSettings;
import dev.systemauth.core.mfa.SecretCipher;

/**
 * Maps {@code auth.mfa.*} onto the core's {@link SecretCipher} and {@link MfaSettings}, failing start-up
 * with a message that names the property (never its value) when a key is missing, not base64, or not 32
 * bytes, or a setting is out of range.
 */
final class MfaSettingsLoader {

	private MfaSettingsLoader() {
	}

	static SecretCipher cipher(AuthMfaProperties properties) {
		byte[] current = key("auth.mfa.encryption-key", properties.getEncryptionKey());
		List<byte[]> previous = new ArrayList<>();
		for (int i = 0; i < properties.getPreviousEncryptionKeys().size(); i++) {
			previous.add(key("auth.mfa.previous-encryption-keys[" + i + "]",
					properties.getPreviousEncryptionKeys().get(i)));
		}
		return new SecretCipher(current, previous);
	}

	static MfaSettings settings(AuthMfaProperties properties, @Nullable String applicationName) {
		String issuer = properties.getIssuer();
		if (issuer == null || issuer.isBlank()) {
			issuer = (applicationName != null && !applicationName.isBlank()) ? applicationName : "system-auth";
		}
		if (issuer.contains(":")) {
			throw new IllegalStateException("auth.mfa.issuer must not contain ':'");
		}
		if (properties.getChallengeTtl().isNegative() || properties.getChallengeTtl().isZero()
				|| properties.getChallengeTtl().toMinutes() > 60) {
			throw new IllegalStateException("auth.mfa.challenge-ttl must be positive and at most 60 minutes");
		}
		if (properties.getMaxFailedAttempts() < 1 || properties.getMaxFailedAttempts() > 20) {
			throw new IllegalStateException("auth.mfa.max-failed-attempts must be between 1 and 20");
		}
		return new MfaSettings(issuer, properties.getChallengeTtl(), properties.getMaxFailedAttempts());
	}

	private static byte[] key(String property, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(property + " is required when auth.mfa.enabled=true: set it to the "
					+ "base64 of 32 random bytes (openssl rand -base64 32)");
		}
		byte[] key;
		try {
			// standard or URL-safe alphabet, padded or not
			key = Base64.getDecoder().decode(value.strip().replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(property + " must be base64 (of 32 random bytes)", ex);
		}
		if (key.length != SecretCipher.KEY_BYTES) {
			throw new IllegalStateException(property + " must be the base64 of exactly " + SecretCipher.KEY_BYTES
					+ " bytes (it has " + key.length + ")");
		}
		if (distinctBytes(key) < 8) {
			throw new IllegalStateException(property + " is too weak: use 32 random bytes");
		}
		return key;
	}

	private static long distinctBytes(byte[] key) {
		boolean[] seen = new boolean[256];
		long count = 0;
		for (byte b : key) {
			if (!seen[b & 0xff]) {
				seen[b & 0xff] = true;
				count++;
			}
		}
		return count;
	}

}
