package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashing (HMAC-SHA256) of the secrets the library stores: refresh tokens and the single-use
 * verification, reset and magic-link tokens. A database dump alone cannot be turned back into a usable
 * token, nor checked against guesses, without the hash secret.
 */
public final class TokenHasher {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	public TokenHasher(byte[] secret) {
		Objects.requireNonNull(secret, "secret must not be null");
		if (secret.length < 32) {
			throw new IllegalArgumentException("secret must be at least 32 bytes");
		}
		this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
	}

	/**
	 * Hashes a token value.
	 * @param value the token as given to the client
	 * @return the URL-safe Base64 encoding of HMAC-SHA256(secret, value)
	 */
	public String hash(String value) {
		Objects.requireNonNull(value, "value must not be null");
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(value));
	}

	/** Compares two hashes in constant time. */
	public static boolean equal(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

	private byte[] mac(String value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
