package dev.systemauth.core.token.jwk;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.List;
import java.util.stream.Collectors;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;

/**
 * What an asymmetric key must be for its algorithm, and its JWK form.
 */
final class AsymmetricKeys {

	static final int MIN_RSA_BITS = 2048;

	private static final ECParameterSpec P_256 = curve("secp256r1");

	private AsymmetricKeys() {
	}

	/**
	 * Refuses a key of another type or too weak for the algorithm: RSA under 2048 bits, an EC curve other than
	 * P-256, an EdDSA curve other than Ed25519.
	 */
	static void requireKeyOf(SigningAlgorithm algorithm, Key key, String name) {
		switch (algorithm) {
			case RS256 -> {
				if (!(key instanceof RSAKey rsa)) {
					throw new IllegalArgumentException(name + " must be an RSA key for RS256, not " + key.getAlgorithm());
				}
				if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
					throw new IllegalArgumentException(name + " must be an RSA key of at least " + MIN_RSA_BITS
							+ " bits, not " + rsa.getModulus().bitLength());
				}
			}
			case ES256 -> {
				if (!(key instanceof ECKey ec) || !isP256(ec.getParams())) {
					throw new IllegalArgumentException(name + " must be an EC key on P-256 for ES256");
				}
			}
			case EDDSA -> {
				if (!(key instanceof EdECKey ed) || !"Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
					throw new IllegalArgumentException(name + " must be an Ed25519 key for EdDSA");
				}
			}
			default -> throw new IllegalArgumentException("algorithm must be EdDSA, ES256 or RS256");
		}
	}

	/** The public key of a private key (RSA from its CRT parameters, EC and Ed25519 by derivation). */
	static PublicKey publicKeyOf(PrivateKey key) {
		try {
			Jwk<?> jwk = Jwks.builder().key(key).build();
			return ((PrivateJwk<?, ?, ?>) jwk).toPublicJwk().toKey();
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("the public key of signingKey cannot be derived: " + ex.getMessage(),
					ex);
		}
	}

	/** The published form: {@code kid} = RFC 7638 thumbprint, {@code alg}, {@code use: sig}. */
	static PublicJwk<?> jwkOf(SigningAlgorithm algorithm, PublicKey key) {
		return Jwks.builder()
			.key(key)
			.algorithm(algorithm.jwsName())
			.publicKeyUse("sig")
			.idFromThumbprint()
			.build();
	}

	static String jwkSetJson(List<PublicJwk<?>> keys) {
		return keys.stream().map(Jwks::json).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	private static boolean isP256(ECParameterSpec params) {
		return params.getOrder().equals(P_256.getOrder()) && params.getCurve().equals(P_256.getCurve())
				&& params.getGenerator().equals(P_256.getGenerator()) && params.getCofactor() == P_256.getCofactor();
	}

	private static ECParameterSpec curve(String name) {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec(name));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(name + " is not available", ex);
		}
	}

}
