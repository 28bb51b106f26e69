package dev.systemauth.core.mfa;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM. Each ciphertext is stored with the id of the key that
 * sealed it (the first 8 hex digits of the key's SHA-256), so a key can be rotated: new secrets are sealed
 * with the current key, and secrets sealed with a previous key still open until they are re-sealed (at the
 * next enrolment) or the previous key is dropped. The user id is bound as associated data, so a ciphertext
 * copied onto another user's row does not open.
 */
public final class SecretCipher {

	/** Bytes in a key (AES-256). */
	public static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String currentId;

	private final Map<String, SecretKeySpec> keys;

	/**
	 * @param currentKey the key new secrets are sealed with (32 bytes)
	 * @param previousKeys keys that only open secrets sealed earlier (32 bytes each)
	 * @throws IllegalArgumentException when a key is not 32 bytes
	 */
	public SecretCipher(byte[] currentKey, List<byte[]> previousKeys) {
		Objects.requireNonNull(currentKey, "currentKey must not be null");
		Objects.requireNonNull(previousKeys, "previousKeys must not be null");
		Map<String, SecretKeySpec> all = new LinkedHashMap<>();
		this.currentId = add(all, currentKey);
		for (byte[] key : previousKeys) {
			add(all, key);
		}
		this.keys = Map.copyOf(all);
	}

	/** The id of the current key, stored beside each secret it seals. */
	public String currentKeyId() {
		return this.currentId;
	}

	/**
	 * Seals a secret with the current key.
	 * @param secret the plain secret
	 * @param associated bound to the ciphertext (the user id)
	 * @return nonce, ciphertext and tag
	 */
	public byte[] seal(byte[] secret, String associated) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		byte[] sealed = run(Cipher.ENCRYPT_MODE, this.keys.get(this.currentId), nonce, associated, secret, 0,
				secret.length);
		byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
		System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
		return out;
	}

	/**
	 * Opens a secret.
	 * @param keyId the id stored with it
	 * @param ciphertext what {@link #seal} returned
	 * @param associated what it was sealed with
	 * @return the plain secret
	 * @throws IllegalStateException when the key is no longer configured or the ciphertext was tampered with
	 */
	public byte[] open(String keyId, byte[] ciphertext, String associated) {
		SecretKeySpec key = this.keys.get(keyId);
		if (key == null) {
			throw new IllegalStateException("No MFA encryption key with id " + keyId
					+ " is configured (auth.mfa.encryption-key or auth.mfa.previous-encryption-keys)");
		}
		if (ciphertext.length <= NONCE_BYTES) {
			throw new IllegalStateException("Malformed MFA secret ciphertext");
		}
		return run(Cipher.DECRYPT_MODE, key, Arrays.copyOf(ciphertext, NONCE_BYTES), associated, ciphertext,
				NONCE_BYTES, ciphertext.length - NONCE_BYTES);
	}

	private static String add(Map<String, SecretKeySpec> keys, byte[] key) {
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException("An MFA encryption key must be " + KEY_BYTES + " bytes, not "
					+ key.length);
		}
		String id = keyId(key);
		keys.putIfAbsent(id, new SecretKeySpec(key.clone(), "AES"));
		return id;
	}

	static String keyId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] run(int mode, SecretKeySpec key, byte[] nonce, String associated, byte[] input, int offset,
			int length) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(input, offset, length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("MFA secret could not be " + ((mode == Cipher.ENCRYPT_MODE)
					? "sealed" : "opened"), ex);
		}
	}

}
