package dev.systemauth.core.token.jwk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.SecretKey;

import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * The keys of access tokens, fixed for the life of the service: the algorithm, the one key that signs (and
 * its {@code kid}), and the keys that verify, found only by the {@code kid} of a token, never by anything else
 * the token carries.
 * <p>
 * With {@link SigningAlgorithm#HS256} the keys are secrets (at least 32 bytes), identified by the first 64 bits
 * of their SHA-256, and nothing is published. With an asymmetric algorithm the signing key is a private key,
 * the verification keys are its public key and the public keys rotated out (or published ahead of a rotation),
 * each identified by its RFC 7638 thumbprint, and all of them are published as a JWK Set.
 */
public final class SigningKeys {

	private static final int MIN_SECRET_BYTES = 32;

	private final SigningAlgorithm algorithm;

	private final Key signingKey;

	private final String keyId;

	private final Map<String, Key> verificationKeys;

	private final String jwkSetJson;

	private SigningKeys(SigningAlgorithm algorithm, Key signingKey, String keyId, Map<String, Key> verificationKeys,
			String jwkSetJson) {
		this.algorithm = algorithm;
		this.signingKey = signingKey;
		this.keyId = keyId;
		this.verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(verificationKeys));
		this.jwkSetJson = jwkSetJson;
	}

	/**
	 * HS256 keys.
	 * @param secret the current secret (at least 32 bytes of UTF-8)
	 * @param previousSecrets secrets rotated out, still verifying tokens bearing their {@code kid}
	 * @return the keys
	 */
	public static SigningKeys hmac(String secret, List<String> previousSecrets) {
		SecretKey key = secretKey(secret, "secret");
		String keyId = secretKeyId(secret);
		Map<String, Key> keys = new LinkedHashMap<>();
		keys.put(keyId, key);
		for (int i = 0; i < previousSecrets.size(); i++) {
			String previous = previousSecrets.get(i);
			keys.putIfAbsent(secretKeyId(previous), secretKey(previous, "previousSecrets[" + i + "]"));
		}
		return new SigningKeys(SigningAlgorithm.HS256, key, keyId, keys, "{\"keys\":[]}");
	}

	/**
	 * Asymmetric keys; the public key is derived from the private one.
	 * @param algorithm EdDSA, ES256 or RS256
	 * @param signingKey the private key that signs
	 * @param previousKeys public keys that still verify (and are published) by their {@code kid}
	 * @return the keys
	 */
	public static SigningKeys asymmetric(SigningAlgorithm algorithm, PrivateKey signingKey,
			List<PublicKey> previousKeys) {
		Objects.requireNonNull(signingKey, "signingKey must not be null");
		AsymmetricKeys.requireKeyOf(algorithm, signingKey, "signingKey");
		return asymmetric(algorithm, signingKey, AsymmetricKeys.publicKeyOf(signingKey), previousKeys);
	}

	/**
	 * Asymmetric keys from a pair (a key store's entry and its certificate's key, say).
	 * @param algorithm EdDSA, ES256 or RS256
	 * @param signingKey the private key that signs
	 * @param publicKey its public key; a key that does not verify the private key's signatures is refused
	 * @param previousKeys public keys that still verify (and are published) by their {@code kid}
	 * @return the keys
	 */
	public static SigningKeys asymmetric(SigningAlgorithm algorithm, PrivateKey signingKey, PublicKey publicKey,
			List<PublicKey> previousKeys) {
		if (!algorithm.isAsymmetric()) {
			throw new IllegalArgumentException("algorithm must be EdDSA, ES256 or RS256");
		}
		Objects.requireNonNull(signingKey, "signingKey must not be null");
		Objects.requireNonNull(publicKey, "publicKey must not be null");
		AsymmetricKeys.requireKeyOf(algorithm, signingKey, "signingKey");
		AsymmetricKeys.requireKeyOf(algorithm, publicKey, "publicKey");
		requirePair(algorithm, signingKey, publicKey);
		Map<String, Key> keys = new LinkedHashMap<>();
		List<PublicJwk<?>> published = new ArrayList<>();
		PublicJwk<?> current = AsymmetricKeys.jwkOf(algorithm, publicKey);
		keys.put(current.getId(), publicKey);
		published.add(current);
		for (int i = 0; i < previousKeys.size(); i++) {
			PublicKey previous = Objects.requireNonNull(previousKeys.get(i), "previousKeys must not hold null");
			AsymmetricKeys.requireKeyOf(algorithm, previous, "previousKeys[" + i + "]");
			PublicJwk<?> jwk = AsymmetricKeys.jwkOf(algorithm, previous);
			if (keys.putIfAbsent(jwk.getId(), previous) == null) {
				published.add(jwk);
			}
		}
		return new SigningKeys(algorithm, signingKey, current.getId(), keys, AsymmetricKeys.jwkSetJson(published));
	}

	/** The algorithm every token is signed with, and the only one accepted. */
	public SigningAlgorithm algorithm() {
		return this.algorithm;
	}

	/** The {@code kid} of tokens signed now. */
	public String keyId() {
		return this.keyId;
	}

	/** The key that signs. */
	public Key signingKey() {
		return this.signingKey;
	}

	/** The jjwt algorithm that signs and verifies with these keys. */
	@SuppressWarnings("unchecked")
	public SecureDigestAlgorithm<Key, Key> signatureAlgorithm() {
		return (SecureDigestAlgorithm<Key, Key>) this.algorithm.jjwt();
	}

	/**
	 * The key that verifies a token bearing {@code kid}: the current one when the token has none, null for a
	 * {@code kid} that is not configured.
	 * @param kid the token's {@code kid}
	 * @return the key, or null
	 */
	public @Nullable Key verificationKey(@Nullable String kid) {
		if (kid == null) {
			return this.verificationKeys.get(this.keyId);
		}
		return this.verificationKeys.get(kid);
	}

	/** Every {@code kid} that verifies, the current one among them. */
	public List<String> keyIds() {
		return List.copyOf(this.verificationKeys.keySet());
	}

	/**
	 * The public keys as a JWK Set ({@code {"keys":[...]}}, each with {@code kid}, {@code alg} and
	 * {@code use: sig}); empty for HS256, whose secrets are never published.
	 */
	public String jwkSetJson() {
		return this.jwkSetJson;
	}

	/** The first 64 bits of SHA-256 of a secret, URL-safe: identifies it without revealing it. */
	public static String secretKeyId(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static SecretKey secretKey(String secret, String name) {
		Objects.requireNonNull(secret, name + " must not be null");
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
		}
		return Keys.hmacShaKeyFor(bytes);
	}

	/** Signs a probe and checks it with the public key, so a mismatched pair fails at start-up, not per token. */
	private static void requirePair(SigningAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
		String name = switch (algorithm) {
			case RS256 -> "SHA256withRSA";
			case ES256 -> "SHA256withECDSA";
			default -> "Ed25519";
		};
		byte[] probe = "system-auth key pair probe".getBytes(StandardCharsets.UTF_8);
		try {
			Signature signer = Signature.getInstance(name);
			signer.initSign(privateKey);
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(name);
			verifier.initVerify(publicKey);
			verifier.update(probe);
			if (!verifier.verify(signature)) {
				throw new IllegalArgumentException("publicKey must be the public key of signingKey");
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("signingKey cannot sign with " + algorithm.jwsName() + ": " + ex, ex);
		}
	}

}
