package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.session.SessionService;

import static dev.systemauth.core.CoreFixture.ACCESS_SECRET;
import static dev.systemauth.core.CoreFixture.ACCESS_TTL;
import static dev.systemauth.core.CoreFixture.AUDIENCE;
import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.CLOCK_SKEW;
import static dev.systemauth.core.CoreFixture.ISSUER;
import static dev.systemauth.core.CoreFixture.REFRESH_SECRET;
import static dev.systemauth.core.CoreFixture.REFRESH_TTL;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing-key and hash-secret rotation: nobody is logged out while a previous secret stays configured, and
 * header parameters never choose the key.
 */
class KeyRotationTests {

	private static final String NEW_ACCESS_SECRET = "new-access-secret-0123456789abcdefghijklmnop";

	private static final byte[] NEW_HASH_SECRET = "new-hash-secret-0123456789abcdefghijklmnopqrs"
		.getBytes(StandardCharsets.UTF_8);

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void issueThenHeaderCarriesKidOfCurrentSecret() {
		String token = this.fixture.accessTokens().issue(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), java.util.UUID.randomUUID());
		assertThat(header(token)).contains("\"kid\":\"" + this.fixture.accessTokens().keyId() + "\"");
		assertThat(this.fixture.accessTokens().keyId()).isEqualTo(AccessTokenService.keyIdOf(ACCESS_SECRET));
		assertThat(this.fixture.accessTokens().keyId()).doesNotContain(ACCESS_SECRET);
	}

	@Test
	void verifyWhenSignedWithPreviousSecretStillConfiguredThenAccepted() {
		String old = this.fixture.accessTokens().issue(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), java.util.UUID.randomUUID());
		AccessTokenService rotated = service(NEW_ACCESS_SECRET, List.of(ACCESS_SECRET));
		assertThat(rotated.verify(old).tokenId()).isNotEmpty();
		assertThat(header(rotated.issue(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), java.util.UUID.randomUUID())))
			.contains("\"kid\":\"" + AccessTokenService.keyIdOf(NEW_ACCESS_SECRET) + "\"");
	}

	@Test
	void verifyWhenPreviousSecretRemovedThenRefused() {
		String old = this.fixture.accessTokens().issue(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), java.util.UUID.randomUUID());
		AccessTokenService rotated = service(NEW_ACCESS_SECRET, List.of());
		assertAuthError(() -> rotated.verify(old), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenKidUnknownThenRefusedEvenIfSignedWithCurrentSecret() {
		String token = handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"not-a-known-kid\"}", ACCESS_SECRET);
		assertAuthError(() -> this.fixture.accessTokens().verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenNoKidThenCheckedAgainstCurrentSecretOnly() {
		String current = handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", ACCESS_SECRET);
		assertThat(this.fixture.accessTokens().verify(current).tokenId()).isEqualTo("jti-1");
		AccessTokenService rotated = service(NEW_ACCESS_SECRET, List.of(ACCESS_SECRET));
		assertAuthError(() -> rotated.verify(current), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenJkuJwkOrX5uPointElsewhereThenIgnoredAndAttackerKeyRefused() {
		String attackerSecret = "attacker-secret-0123456789abcdefghijklmnopq";
		String kid = this.fixture.accessTokens().keyId();
		for (String extra : List.of("\"jku\":\"http://127.0.0.1:1/jwks.json\"",
				"\"x5u\":\"http://127.0.0.1:1/cert.pem\"",
				"\"jwk\":{\"kty\":\"oct\",\"k\":\"" + b64(attackerSecret.getBytes(StandardCharsets.UTF_8)) + "\"}")) {
			String forged = handMade("{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"," + extra + "}", attackerSecret);
			assertAuthError(() -> this.fixture.accessTokens().verify(forged), AuthErrorCode.INVALID_TOKEN);
		}
	}

	@Test
	void verifyWhenClaimNamedTwiceThenRefused() {
		String header = "{\"alg\":\"HS256\",\"kid\":\"" + this.fixture.accessTokens().keyId() + "\"}";
		String valid = handMade(header, ACCESS_SECRET);
		assertThat(this.fixture.accessTokens().verify(valid).tokenId()).isEqualTo("jti-1");
		String payload = new String(Base64.getUrlDecoder().decode(valid.split("\\.")[1]), StandardCharsets.UTF_8);
		String twice = payload.substring(0, payload.length() - 1) + ",\"workspace_id\":\""
				+ java.util.UUID.randomUUID() + "\"}";
		String forged = resign(header, twice, ACCESS_SECRET);
		assertAuthError(() -> this.fixture.accessTokens().verify(forged), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenTokenStoredUnderPreviousHashSecretThenStillWorksAndSuccessorUsesNewSecret() {
		this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair before = this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), CLIENT);

		TokenHasher rotatedHasher = new TokenHasher(NEW_HASH_SECRET, List.of(CoreFixture.HASH_SECRET));
		SessionService rotated = sessions(rotatedHasher);
		TokenPair after = rotated.refresh(before.refreshToken(), (user, workspace) -> true, CLIENT);

		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE token_hash = ?",
				rotatedHasher.hash(after.refreshToken()))).isEqualTo(1);
		SessionService withoutPrevious = sessions(new TokenHasher(NEW_HASH_SECRET));
		assertThat(withoutPrevious.refresh(after.refreshToken(), (user, workspace) -> true, CLIENT).refreshToken())
			.isNotEmpty();
	}

	@Test
	void refreshWhenPreviousHashSecretRemovedThenOldTokenUnknown() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair before = this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), CLIENT);
		SessionService rotated = sessions(new TokenHasher(NEW_HASH_SECRET));
		assertAuthError(() -> rotated.refresh(before.refreshToken(), (user, workspace) -> true, CLIENT),
				AuthErrorCode.INVALID_TOKEN);
	}

	private SessionService sessions(TokenHasher hasher) {
		return new SessionService(this.fixture.database(), this.fixture.accessTokens(), this.fixture.refreshTokens(),
				hasher, REFRESH_SECRET, REFRESH_TTL, Duration.ZERO, this.fixture.auditLog(), this.fixture.clock());
	}

	private AccessTokenService service(String secret, List<String> previous) {
		return new AccessTokenService(secret, previous, ACCESS_TTL, ISSUER, AUDIENCE, CLOCK_SKEW, this.fixture.clock());
	}

	private String handMade(String header, String secret) {
		long now = this.fixture.clock().instant().getEpochSecond();
		String user = java.util.UUID.randomUUID().toString();
		String payload = "{\"sub\":\"" + user + "\",\"user_id\":\"" + user + "\",\"workspace_id\":\""
				+ java.util.UUID.randomUUID() + "\",\"sid\":\"" + java.util.UUID.randomUUID() + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + now
				+ ",\"exp\":" + (now + 600) + ",\"jti\":\"jti-1\"}";
		return resign(header, payload, secret);
	}

	private static String resign(String header, String payload, String secret) {
		String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ b64(payload.getBytes(StandardCharsets.UTF_8));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String header(String token) {
		return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
	}

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
