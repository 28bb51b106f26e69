package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.InvalidKeyException;
import io.jsonwebtoken.security.Keys;

/**
 * The access-token keys of {@link AccessTokenService}: the current secret signs, and it and the previous
 * secrets verify tokens bearing their {@code kid}. As the parser's key locator it chooses a key by
 * {@code kid} among the configured secrets only: an unknown {@code kid} is refused, a token without one is
 * checked against the current secret, and an unprotected token is refused.
 */
final class AccessTokenKeys implements Locator<Key> {

	private final SecretKey signingKey;

	private final String keyId;

	private final Map<String, SecretKey> verificationKeys;

	AccessTokenKeys(String secret, List<String> previousSecrets) {
		this.signingKey = keyOf(secret);
		this.keyId = keyIdOf(secret);
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		keys.put(this.keyId, this.signingKey);
		for (String previous : previousSecrets) {
			keys.putIfAbsent(keyIdOf(previous), keyOf(previous));
		}
		this.verificationKeys = Map.copyOf(keys);
	}

	SecretKey signingKey() {
		return this.signingKey;
	}

	String keyId() {
		return this.keyId;
	}

	@Override
	public Key locate(Header header) {
		if (!(header instanceof ProtectedHeader protectedHeader)) {
			throw new InvalidKeyException("Unprotected tokens are not accepted");
		}
		String kid = protectedHeader.getKeyId();
		if (kid == null) {
			return this.signingKey;
		}
		SecretKey key = this.verificationKeys.get(kid);
		if (key == null) {
			throw new InvalidKeyException("Unknown kid");
		}
		return key;
	}

	private static SecretKey keyOf(String secret) {
		Objects.requireNonNull(secret, "secret must not be null");
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < 32) {
			throw new IllegalArgumentException("secret must be at least 32 bytes");
		}
		return Keys.hmacShaKeyFor(bytes);
	}

	/** The first 64 bits of SHA-256 of the secret, URL-safe: identifies a key without revealing it. */
	static String keyIdOf(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
