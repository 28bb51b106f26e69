package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.systemauth.core.MutableClock;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.token.jwk.SigningAlgorithm;
import dev.systemauth.core.token.jwk.SigningKeys;
import dev.systemauth.core.token.jwk.TestKeys;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens signed with EdDSA, ES256 or RS256: round trip, rotation by {@code kid}, and every way a token
 * might choose how it is checked (the algorithm, the key, a key of its own) refused.
 */
class AsymmetricAccessTokenTests {

	private static final String ISSUER = "https://auth.example.test/auth";

	private static final String AUDIENCE = "example-api";

	private static final Duration TTL = Duration.ofMinutes(15);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final UUID userId = UUID.randomUUID();

	private final UUID workspaceId = UUID.randomUUID();

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "ES256", "RS256" })
	void verifyWhenIssuedThenClaimsRoundTripAndHeaderNamesAlgorithmAndKid(SigningAlgorithm algorithm) {
		KeyPair pair = TestKeys.generate(algorithm);
		AccessTokenService service = service(SigningKeys.asymmetric(algorithm, pair.getPrivate(), List.of()));
		String token = service.issue(this.userId, this.workspaceId, UUID.randomUUID());
		assertThat(service.verify(token).workspaceId()).isEqualTo(this.workspaceId);

		Jws<Claims> jws = Jwts.parser().verifyWith(pair.getPublic()).clock(this::now).build().parseSignedClaims(token);
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo(algorithm.jwsName());
		assertThat(jws.getHeader().getKeyId()).isEqualTo(service.keyId());
		assertThat(jws.getPayload().get("workspace_id", String.class)).isEqualTo(this.workspaceId.toString());
		assertThat(jws.getPayload().getIssuer()).isEqualTo(ISSUER);
		assertThat(jws.getPayload().getAudience()).containsExactly(AUDIENCE);
	}

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "ES256", "RS256" })
	void verifyWhenHs256SignedWithThePublicKeyThenInvalidToken(SigningAlgorithm algorithm) {
		KeyPair pair = TestKeys.generate(algorithm);
		AccessTokenService service = service(SigningKeys.asymmetric(algorithm, pair.getPrivate(), List.of()));
		String payload = payloadOf(service.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + service.keyId() + "\"}";
		byte[] der = pair.getPublic().getEncoded();
		byte[] pem = TestKeys.pem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII);
		byte[] jwk = Jwks.json(Jwks.builder().key(pair.getPublic()).build()).getBytes(StandardCharsets.UTF_8);
		for (byte[] secret : new byte[][] { der, pem, jwk }) {
			String forged = hmacSigned(header, payload, secret);
			assertAuthError(() -> service.verify(forged), AuthErrorCode.INVALID_TOKEN);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "RS256" })
	void verifyWhenAlgNoneThenInvalidToken(SigningAlgorithm algorithm) {
		AccessTokenService service = service(
				SigningKeys.asymmetric(algorithm, TestKeys.generate(algorithm).getPrivate(), List.of()));
		String payload = payloadOf(service.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		for (String alg : new String[] { "none", "None", "NONE" }) {
			String header = b64("{\"alg\":\"" + alg + "\",\"kid\":\"" + service.keyId() + "\"}");
			assertAuthError(() -> service.verify(header + "." + payload + "."), AuthErrorCode.INVALID_TOKEN);
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "RS256" })
	void verifyWhenUnknownKidThenInvalidToken(SigningAlgorithm algorithm) throws Exception {
		AccessTokenService service = service(
				SigningKeys.asymmetric(algorithm, TestKeys.generate(algorithm).getPrivate(), List.of()));
		KeyPair attacker = TestKeys.generate(algorithm);
		String payload = payloadOf(service.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		String header = "{\"alg\":\"" + algorithm.jwsName() + "\",\"kid\":\"attacker-key\"}";
		String forged = signed(algorithm, header, payload, attacker.getPrivate());
		assertAuthError(() -> service.verify(forged), AuthErrorCode.INVALID_TOKEN);
	}

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "RS256" })
	void verifyWhenTokenCarriesItsOwnKeyThenThatKeyIsNeverUsed(SigningAlgorithm algorithm) throws Exception {
		AccessTokenService service = service(
				SigningKeys.asymmetric(algorithm, TestKeys.generate(algorithm).getPrivate(), List.of()));
		KeyPair attacker = TestKeys.generate(algorithm);
		String attackerJwk = Jwks.json(Jwks.builder().key(attacker.getPublic()).idFromThumbprint().build());
		String attackerKid = Jwks.builder().key(attacker.getPublic()).build().thumbprint().toString();
		String payload = payloadOf(service.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		for (String kid : new String[] { attackerKid, service.keyId() }) {
			String header = "{\"alg\":\"" + algorithm.jwsName() + "\",\"kid\":\"" + kid + "\",\"jwk\":" + attackerJwk
					+ ",\"jku\":\"http://127.0.0.1:9/jwks.json\",\"x5u\":\"http://127.0.0.1:9/cert.pem\"}";
			String forged = signed(algorithm, header, payload, attacker.getPrivate());
			assertAuthError(() -> service.verify(forged), AuthErrorCode.INVALID_TOKEN);
		}
		String withoutKid = signed(algorithm, "{\"alg\":\"" + algorithm.jwsName() + "\",\"jwk\":" + attackerJwk + "}",
				payload, attacker.getPrivate());
		assertAuthError(() -> service.verify(withoutKid), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSignedWithAnotherAsymmetricAlgorithmThenInvalidToken() throws Exception {
		KeyPair rsa = TestKeys.generate(SigningAlgorithm.RS256);
		AccessTokenService service = service(SigningKeys.asymmetric(SigningAlgorithm.RS256, rsa.getPrivate(), List.of()));
		String payload = payloadOf(service.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		KeyPair ed = TestKeys.generate(SigningAlgorithm.EDDSA);
		String edSigned = signed(SigningAlgorithm.EDDSA, "{\"alg\":\"EdDSA\",\"kid\":\"" + service.keyId() + "\"}",
				payload, ed.getPrivate());
		assertAuthError(() -> service.verify(edSigned), AuthErrorCode.INVALID_TOKEN);
		String ps256 = signed(SigningAlgorithm.RS256, "{\"alg\":\"RS512\",\"kid\":\"" + service.keyId() + "\"}",
				payload, rsa.getPrivate());
		assertAuthError(() -> service.verify(ps256), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenHs256ServiceGivenAnRs256TokenThenInvalidToken() throws Exception {
		AccessTokenService hmac = new AccessTokenService("access-token-secret-for-tests-0123456789", TTL, ISSUER,
				AUDIENCE, SKEW, this.clock);
		String payload = payloadOf(hmac.issue(this.userId, this.workspaceId, UUID.randomUUID()));
		String rs256 = signed(SigningAlgorithm.RS256, "{\"alg\":\"RS256\",\"kid\":\"" + hmac.keyId() + "\"}", payload,
				TestKeys.generate(SigningAlgorithm.RS256).getPrivate());
		assertAuthError(() -> hmac.verify(rs256), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenRotatedThenOldTokensVerifyByKidUntilTheirKeyIsRemoved() {
		KeyPair old = TestKeys.generate(SigningAlgorithm.ES256);
		KeyPair next = TestKeys.generate(SigningAlgorithm.ES256);
		AccessTokenService before = service(SigningKeys.asymmetric(SigningAlgorithm.ES256, old.getPrivate(), List.of()));
		String oldToken = before.issue(this.userId, this.workspaceId, UUID.randomUUID());

		AccessTokenService after = service(
				SigningKeys.asymmetric(SigningAlgorithm.ES256, next.getPrivate(), List.of(old.getPublic())));
		String newToken = after.issue(this.userId, this.workspaceId, UUID.randomUUID());
		assertThat(after.keyId()).isNotEqualTo(before.keyId());
		assertThat(after.verify(oldToken).workspaceId()).isEqualTo(this.workspaceId);
		assertThat(after.verify(newToken).workspaceId()).isEqualTo(this.workspaceId);
		assertAuthError(() -> before.verify(newToken), AuthErrorCode.INVALID_TOKEN);

		AccessTokenService cleaned = service(SigningKeys.asymmetric(SigningAlgorithm.ES256, next.getPrivate(), List.of()));
		assertAuthError(() -> cleaned.verify(oldToken), AuthErrorCode.INVALID_TOKEN);
		assertThat(cleaned.verify(newToken).workspaceId()).isEqualTo(this.workspaceId);
	}

	@Test
	void verifyWhenPresentedAgainThenRememberedAndTamperedCopyRefused() {
		AccessTokenService service = service(SigningKeys.asymmetric(SigningAlgorithm.EDDSA,
				TestKeys.generate(SigningAlgorithm.EDDSA).getPrivate(), List.of()));
		String token = service.issue(this.userId, this.workspaceId, UUID.randomUUID());
		service.verify(token);
		service.verify(token);
		assertThat(service.verifiedTokensCached()).isEqualTo(1);
		char last = token.charAt(token.length() - 2);
		String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
		assertAuthError(() -> service.verify(tampered), AuthErrorCode.INVALID_TOKEN);
		assertThat(service.verifiedTokensCached()).isEqualTo(1);
		this.clock.advance(TTL.plus(SKEW).plusSeconds(1));
		assertAuthError(() -> service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	private AccessTokenService service(SigningKeys keys) {
		return new AccessTokenService(keys, TTL, ISSUER, AUDIENCE, SKEW, this.clock, 100);
	}

	private java.util.Date now() {
		return java.util.Date.from(this.clock.instant());
	}

	private static String payloadOf(String token) {
		return token.split("\\.")[1];
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String hmacSigned(String header, String payload, byte[] secret) {
		try {
			String input = b64(header) + "." + payload;
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			byte[] signature = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** RS256 and EdDSA signatures are the raw output of the JCA signature (ES256 would need conversion). */
	private static String signed(SigningAlgorithm algorithm, String header, String payload, PrivateKey key)
			throws Exception {
		String input = b64(header) + "." + payload;
		Signature signer = Signature.getInstance((algorithm == SigningAlgorithm.RS256) ? "SHA256withRSA" : "Ed25519");
		signer.initSign(key);
		signer.update(input.getBytes(StandardCharsets.US_ASCII));
		return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
	}

}
