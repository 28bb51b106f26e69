package dev.systemauth.core.token.jwk;

import java.util.Locale;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;

/**
 * The JWS algorithm of access tokens. {@link #HS256} (the default) shares one secret between the signer and
 * every verifier; the others sign with a private key and publish the public one, so other services can verify
 * tokens without being able to mint them.
 */
public enum SigningAlgorithm {

	/** HMAC with SHA-256 over a shared secret. */
	HS256("HS256", null),

	/** Ed25519 signatures. */
	EDDSA("EdDSA", "Ed25519"),

	/** ECDSA on P-256 with SHA-256. */
	ES256("ES256", "EC"),

	/** RSASSA-PKCS1-v1_5 with SHA-256, keys of at least 2048 bits. */
	RS256("RS256", "RSA");

	private final String jwsName;

	private final String keyAlgorithm;

	SigningAlgorithm(String jwsName, String keyAlgorithm) {
		this.jwsName = jwsName;
		this.keyAlgorithm = keyAlgorithm;
	}

	/** The {@code alg} header value. */
	public String jwsName() {
		return this.jwsName;
	}

	/** Whether tokens are signed with a private key and verified with a published public key. */
	public boolean isAsymmetric() {
		return this != HS256;
	}

	/** The JCA key algorithm of its keys ({@code RSA}, {@code EC}, {@code Ed25519}); null for HS256. */
	String keyAlgorithm() {
		return this.keyAlgorithm;
	}

	SecureDigestAlgorithm<?, ?> jjwt() {
		return switch (this) {
			case HS256 -> Jwts.SIG.HS256;
			case EDDSA -> Jwts.SIG.EdDSA;
			case ES256 -> Jwts.SIG.ES256;
			case RS256 -> Jwts.SIG.RS256;
		};
	}

	/**
	 * The algorithm of a JWS name, ignoring case ({@code HS256}, {@code EdDSA}, {@code ES256}, {@code RS256}).
	 * @param name the name
	 * @return the algorithm
	 * @throws IllegalArgumentException for any other name
	 */
	public static SigningAlgorithm of(String name) {
		for (SigningAlgorithm algorithm : values()) {
			if (algorithm.jwsName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException("algorithm must be one of HS256, EdDSA, ES256, RS256");
	}

}
