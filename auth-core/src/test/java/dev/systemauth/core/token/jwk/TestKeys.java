package dev.systemauth.core.token.jwk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Fresh key pairs of each asymmetric algorithm, and their PEM text, for tests.
 */
public final class TestKeys {

	private TestKeys() {
	}

	public static KeyPair generate(SigningAlgorithm algorithm) {
		try {
			return switch (algorithm) {
				case RS256 -> rsa(2048);
				case ES256 -> ec("secp256r1");
				case EDDSA -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
				case HS256 -> throw new IllegalArgumentException("HS256 has no key pair");
			};
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KeyPair rsa(int bits) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

	public static KeyPair ec(String curve) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec(curve));
		return generator.generateKeyPair();
	}

	/** PEM of a key's standard encoding: PKCS#8 for a private key, SubjectPublicKeyInfo for a public one. */
	public static String pem(Key key) {
		String label = (key instanceof java.security.PrivateKey) ? "PRIVATE KEY" : "PUBLIC KEY";
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(key.getEncoded());
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

}
