package dev.systemauth.core.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 of the random values the identity stores keep (states, binding values, exchange codes). Each carries
 * 256 random bits, so an unkeyed hash is enough: a dump of the table cannot be turned back into a usable value,
 * and guessing is hopeless; no secret has to be shared with the stores.
 */
final class Hashes {

	private Hashes() {
	}

	static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
