package dev.systemauth.core.token;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets from a CSPRNG: opaque URL-safe tokens and numeric codes.
 */
public final class SecureTokens {

	/** Bytes of entropy in every opaque token: 256 bits. */
	public static final int TOKEN_BYTES = 32;

	private static final SecureRandom random = new SecureRandom();

	private SecureTokens() {
	}

	/** A new URL-safe token carrying 256 random bits. */
	public static String newToken() {
		byte[] bytes = new byte[TOKEN_BYTES];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A new numeric code.
	 * @param length the number of digits
	 * @return the code, with leading zeros kept
	 */
	public static String newCode(int length) {
		if (length < 4 || length > 12) {
			throw new IllegalArgumentException("code length must be between 4 and 12, got " + length);
		}
		StringBuilder code = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			code.append((char) ('0' + random.nextInt(10)));
		}
		return code.toString();
	}

}
