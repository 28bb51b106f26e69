package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashing (HMAC-SHA256) of the secrets the library stores: refresh tokens and the single-use
 * verification, reset and magic-link tokens. A database dump alone cannot be turned back into a usable
 * token, nor checked against guesses, without the hash secret.
 * <p>
 * Rotation: new values are hashed with the current secret; lookups try the current and every previous
 * secret ({@link #candidates}), so tokens stored before a rotation keep working until they expire.
 * <p>
 * <strong>Internal.</strong> Public only because the flows in other packages use it; not part of the API a
 * host should call. Hashing a token does not mint or consume one; the flows do that with their audit rows and throttling.
 */
public final class TokenHasher {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final List<SecretKeySpec> previousKeys;

	public TokenHasher(byte[] secret) {
		this(secret, List.of());
	}

	/**
	 * A hasher that hashes with {@code secret} and also recognises hashes made with previous secrets.
	 * @param secret the current secret (at least 32 bytes)
	 * @param previousSecrets secrets rotated out, still accepted for lookups
	 */
	public TokenHasher(byte[] secret, List<byte[]> previousSecrets) {
		this.key = keyOf(secret);
		List<SecretKeySpec> previous = new ArrayList<>();
		for (byte[] old : previousSecrets) {
			previous.add(keyOf(old));
		}
		this.previousKeys = List.copyOf(previous);
	}

	private static SecretKeySpec keyOf(byte[] secret) {
		Objects.requireNonNull(secret, "secret must not be null");
		if (secret.length < 32) {
			throw new IllegalArgumentException("secret must be at least 32 bytes");
		}
		return new SecretKeySpec(secret.clone(), ALGORITHM);
	}

	/**
	 * The hashes a stored value may have: under the current secret first, then under each previous one.
	 * @param value the token as given to the client
	 * @return one hash per secret
	 */
	public String[] candidates(String value) {
		Objects.requireNonNull(value, "value must not be null");
		String[] hashes = new String[1 + this.previousKeys.size()];
		hashes[0] = hash(value);
		for (int i = 0; i < this.previousKeys.size(); i++) {
			hashes[i + 1] = encode(mac(this.previousKeys.get(i), value));
		}
		return hashes;
	}

	/**
	 * Hashes a token value.
	 * @param value the token as given to the client
	 * @return the URL-safe Base64 encoding of HMAC-SHA256(secret, value)
	 */
	public String hash(String value) {
		Objects.requireNonNull(value, "value must not be null");
		return encode(mac(this.key, value));
	}

	private static String encode(byte[] digest) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	/** Compares two hashes in constant time. */
	public static boolean equal(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] mac(SecretKeySpec key, String value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
