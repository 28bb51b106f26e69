package dev.systemauth.core.token.jwk;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM keys of an asymmetric {@link SigningAlgorithm}: an unencrypted PKCS#8 private key
 * ({@code -----BEGIN PRIVATE KEY-----}) and a public key ({@code -----BEGIN PUBLIC KEY-----}) or certificate.
 * Line breaks written as {@code \n} (an environment variable on one line) are accepted. Messages name the
 * argument and never echo key material.
 */
public final class PemKeys {

	private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
			Pattern.DOTALL);

	private PemKeys() {
	}

	/**
	 * Reads a PKCS#8 private key of the algorithm's key type.
	 * @param pem the PEM text
	 * @param algorithm the algorithm it must sign with
	 * @param name the name of the argument or setting, for messages
	 * @return the key
	 * @throws IllegalArgumentException when the text is not a PKCS#8 PEM private key of that type
	 */
	public static PrivateKey privateKey(String pem, SigningAlgorithm algorithm, String name) {
		Block block = block(pem, name);
		if (!block.label().equals("PRIVATE KEY")) {
			throw new IllegalArgumentException(name + " must be an unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----),"
					+ " not " + block.label() + "; convert it with: openssl pkcs8 -topk8 -nocrypt");
		}
		try {
			PrivateKey key = KeyFactory.getInstance(algorithm.keyAlgorithm())
				.generatePrivate(new PKCS8EncodedKeySpec(block.der()));
			AsymmetricKeys.requireKeyOf(algorithm, key, name);
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(name + " must be a private key for " + algorithm.jwsName() + " ("
					+ algorithm.keyAlgorithm() + ")", ex);
		}
	}

	/**
	 * Reads a public key ({@code PUBLIC KEY}, X.509 SubjectPublicKeyInfo) or the key of a {@code CERTIFICATE}.
	 * @param pem the PEM text
	 * @param algorithm the algorithm it must verify
	 * @param name the name of the argument or setting, for messages
	 * @return the key
	 * @throws IllegalArgumentException when the text is not a PEM public key of that type
	 */
	public static PublicKey publicKey(String pem, SigningAlgorithm algorithm, String name) {
		Block block = block(pem, name);
		try {
			PublicKey key;
			if (block.label().equals("CERTIFICATE")) {
				key = CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(block.der()))
					.getPublicKey();
			}
			else if (block.label().equals("PUBLIC KEY")) {
				key = KeyFactory.getInstance(algorithm.keyAlgorithm()).generatePublic(new X509EncodedKeySpec(block.der()));
			}
			else {
				throw new IllegalArgumentException(
						name + " must be a PEM public key (-----BEGIN PUBLIC KEY-----), not " + block.label());
			}
			AsymmetricKeys.requireKeyOf(algorithm, key, name);
			return key;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(name + " must be a public key for " + algorithm.jwsName() + " ("
					+ algorithm.keyAlgorithm() + ")", ex);
		}
	}

	private static Block block(String pem, String name) {
		if (pem == null || pem.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
		Matcher matcher = PEM.matcher(pem.replace("\\n", "\n"));
		if (!matcher.find()) {
			throw new IllegalArgumentException(name + " must be PEM text (-----BEGIN ...-----)");
		}
		String body = matcher.group(2).replaceAll("\\s", "");
		try {
			return new Block(matcher.group(1), Base64.getDecoder().decode(body));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " is not valid PEM (bad base64)");
		}
	}

	private record Block(String label, byte[] der) {
	}

}
