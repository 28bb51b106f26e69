package dev.systemauth.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;

/**
 * HS256 compact JWS by hand, with no JWT library, as "any JWT library given the same secret" would:
 * to check the claim contract of issued tokens and to forge tokens the server must refuse.
 */
final class TestJwts {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private TestJwts() {
	}

	static String hs256(String secret, Map<String, Object> claims) {
		return sign(secret, Map.of("alg", "HS256", "typ", "JWT"), claims);
	}

	static String sign(String secret, Map<String, Object> header, Map<String, Object> claims) {
		String signingInput = encode(DemoClient.JSON.writeValueAsString(header)) + "."
				+ encode(DemoClient.JSON.writeValueAsString(claims));
		return signingInput + "." + ENCODER.encodeToString(hmac(secret, signingInput));
	}

	/** An unsigned ({@code alg: none}) token with the given claims. */
	static String unsigned(Map<String, Object> claims) {
		return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(DemoClient.JSON.writeValueAsString(claims))
				+ ".";
	}

	static JsonNode header(String jwt) {
		return DemoClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
	}

	static JsonNode claims(String jwt) {
		return DemoClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	/** Whether the token's HS256 signature verifies with the UTF-8 bytes of the secret. */
	static boolean verifies(String jwt, String secret) {
		int lastDot = jwt.lastIndexOf('.');
		byte[] expected = hmac(secret, jwt.substring(0, lastDot));
		byte[] actual = Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1));
		return MessageDigest.isEqual(expected, actual);
	}

	private static String encode(String json) {
		return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] hmac(String secret, String input) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
