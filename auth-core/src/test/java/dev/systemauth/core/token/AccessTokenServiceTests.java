package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
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
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.MutableClock;
import dev.systemauth.core.error.AuthErrorCode;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenServiceTests {

	private static final String SECRET = "access-token-secret-for-tests-0123456789";

	private static final String OTHER_SECRET = "another-secret-of-another-service-0123456";

	private static final String ISSUER = "https://auth.example.test";

	private static final String AUDIENCE = "example-api";

	private static final Duration TTL = Duration.ofMinutes(15);

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final AccessTokenService service = service(SECRET, ISSUER, AUDIENCE);

	private final UUID userId = UUID.randomUUID();

	private final UUID workspaceId = UUID.randomUUID();

	private final UUID sessionId = UUID.randomUUID();

	@Test
	void verifyWhenIssuedTokenThenClaimsRoundTrip() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		AccessTokenClaims claims = this.service.verify(token);
		assertThat(claims.userId()).isEqualTo(this.userId);
		assertThat(claims.workspaceId()).isEqualTo(this.workspaceId);
		assertThat(claims.tokenId()).isNotBlank();
		assertThat(claims.issuedAt()).isEqualTo(START);
		assertThat(claims.expiresAt()).isEqualTo(START.plus(TTL));
	}

	@Test
	void issueWritesTheClaimContract() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		Jws<Claims> jws = Jwts.parser()
			.verifyWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)))
			.clock(() -> java.util.Date.from(this.clock.instant()))
			.build()
			.parseSignedClaims(token);
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo("HS256");
		assertThat(jws.getHeader().getType()).isEqualTo("JWT");
		Claims claims = jws.getPayload();
		assertThat(claims.getSubject()).isEqualTo(this.userId.toString());
		assertThat(claims.get("user_id", String.class)).isEqualTo(claims.getSubject());
		assertThat(claims.get("workspace_id", String.class)).isEqualTo(this.workspaceId.toString());
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly(AUDIENCE);
		assertThat(claims.getIssuedAt().toInstant()).isEqualTo(START);
		assertThat(claims.getExpiration().toInstant()).isEqualTo(START.plus(TTL));
		assertThat(UUID.fromString(claims.getId())).isNotNull();
	}

	@Test
	void issueWhenCalledTwiceThenDistinctTokenIds() {
		AccessTokenClaims first = this.service.verify(this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID()));
		AccessTokenClaims second = this.service.verify(this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID()));
		assertThat(first.tokenId()).isNotEqualTo(second.tokenId());
	}

	@Test
	void signatureIsHs256OverTheUtf8BytesOfTheSecret() throws Exception {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertSignedWithPlainJdkHmac(token, SECRET);
	}

	@Test
	void signatureWhenSecretHasNonAsciiCharactersThenKeyIsItsUtf8Bytes() throws Exception {
		String secret = "cl\u00E9-secr\u00E8te-\u043A\u043B\u044E\u0447-\u20AC-0123456789abcdef";
		AccessTokenService unicode = service(secret, ISSUER, AUDIENCE);
		String token = unicode.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertSignedWithPlainJdkHmac(token, secret);
		assertThat(sign("HmacSHA256", secret.getBytes(StandardCharsets.ISO_8859_1), signingInput(token)))
			.isNotEqualTo(signature(token));
	}

	@Test
	void verifyWhenTokenBuiltByAnotherHs256LibraryWithSameSecretThenAccepted() throws Exception {
		String token = handMadeToken("HS256", "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8),
				validPayload());
		assertThat(this.service.verify(token).userId()).isEqualTo(this.userId);
	}

	@Test
	void verifyWhenExpiredPastTtlAndSkewThenInvalidToken() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		this.clock.advance(TTL.plus(SKEW).plusSeconds(1));
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenExpiredButWithinSkewThenAccepted() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		this.clock.advance(TTL.plus(SKEW).minusSeconds(1));
		assertThat(this.service.verify(token).userId()).isEqualTo(this.userId);
	}

	@Test
	void verifyWhenWrongIssuerThenInvalidToken() {
		AccessTokenService other = service(SECRET, "https://evil.example.test", AUDIENCE);
		String token = other.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertThat(other.verify(token).userId()).isEqualTo(this.userId);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenWrongAudienceThenInvalidToken() {
		AccessTokenService other = service(SECRET, ISSUER, "another-api");
		String token = other.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertThat(other.verify(token).userId()).isEqualTo(this.userId);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSignedWithAnotherSecretThenInvalidToken() {
		AccessTokenService other = service(OTHER_SECRET, ISSUER, AUDIENCE);
		String token = other.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertThat(other.verify(token).userId()).isEqualTo(this.userId);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenAlgNoneAndEmptySignatureThenInvalidToken() {
		String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String token = header + "." + base64Url(validPayload()) + ".";
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
		String noTrailingDot = header + "." + base64Url(validPayload());
		assertAuthError(() -> this.service.verify(noTrailingDot), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenAlgNoneHeaderOnAValidSignatureThenInvalidToken() {
		String valid = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		String[] parts = valid.split("\\.");
		String token = base64Url("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2];
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenHs512WithSameSecretThenInvalidToken() throws Exception {
		String token = handMadeToken("HS512", "HmacSHA512", SECRET.getBytes(StandardCharsets.UTF_8), validPayload());
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSecretLongEnoughForHs512AndTokenIsHs512ThenStillInvalidToken() throws Exception {
		// with a 64-byte secret the JWT library itself would accept HS512: only HS256 is allowed
		String longSecret = "0123456789abcdef".repeat(4);
		AccessTokenService strong = service(longSecret, ISSUER, AUDIENCE);
		byte[] key = longSecret.getBytes(StandardCharsets.UTF_8);
		String hs256 = handMadeToken("HS256", "HmacSHA256", key, validPayload());
		assertThat(strong.verify(hs256).userId()).isEqualTo(this.userId);
		String hs512 = handMadeToken("HS512", "HmacSHA512", key, validPayload());
		assertAuthError(() -> strong.verify(hs512), AuthErrorCode.INVALID_TOKEN);
		String hs384 = handMadeToken("HS384", "HmacSHA384", key, validPayload());
		assertAuthError(() -> strong.verify(hs384), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenPayloadTamperedThenInvalidToken() {
		String valid = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		String[] parts = valid.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		UUID otherWorkspace = UUID.randomUUID();
		String tamperedPayload = payload.replace(this.workspaceId.toString(), otherWorkspace.toString());
		assertThat(tamperedPayload).isNotEqualTo(payload);
		String token = parts[0] + "." + base64Url(tamperedPayload) + "." + parts[2];
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSignatureTamperedThenInvalidToken() {
		String valid = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		int middle = valid.lastIndexOf('.') + 10;
		char replacement = (valid.charAt(middle) == 'A') ? 'B' : 'A';
		String token = valid.substring(0, middle) + replacement + valid.substring(middle + 1);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenVerifiedBeforeAndExpiredSinceThenInvalidToken() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		this.service.verify(token);
		this.clock.advance(TTL.plus(SKEW).minusSeconds(1));
		assertThat(this.service.verify(token).userId()).as("within the skew").isEqualTo(this.userId);
		this.clock.advance(Duration.ofSeconds(2));
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSameTokenAgainThenRememberedOnceWithTheSameClaims() {
		String token = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		AccessTokenClaims first = this.service.verify(token);
		AccessTokenClaims again = this.service.verify(token);
		assertThat(again).isEqualTo(first);
		assertThat(this.service.verifiedTokensCached()).isEqualTo(1);
	}

	@Test
	void verifyWhenTamperedCopyOfARememberedTokenThenInvalidToken() {
		String valid = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		this.service.verify(valid);
		String[] parts = valid.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String otherWorkspace = payload.replace(this.workspaceId.toString(), UUID.randomUUID().toString());
		assertAuthError(() -> this.service.verify(parts[0] + "." + base64Url(otherWorkspace) + "." + parts[2]),
				AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> this.service.verify(valid + "x"), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> this.service.verify(" " + valid), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenTokensRefusedThenNothingRemembered() {
		assertAuthError(() -> this.service.verify("a.b.c"), AuthErrorCode.INVALID_TOKEN);
		String foreign = service(OTHER_SECRET, ISSUER, AUDIENCE).issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertAuthError(() -> this.service.verify(foreign), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.service.verifiedTokensCached()).isZero();
	}

	@Test
	void verifyWhenMoreTokensThanTheCacheHoldsThenBoundedAndAllStillVerify() {
		AccessTokenService small = new AccessTokenService(SECRET, List.of(), TTL, ISSUER, AUDIENCE, SKEW, this.clock,
				3);
		for (int i = 0; i < 20; i++) {
			String token = small.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
			assertThat(small.verify(token).userId()).isEqualTo(this.userId);
			assertThat(small.verifiedTokensCached()).isLessThanOrEqualTo(3);
		}
	}

	@Test
	void verifyWhenCacheDisabledThenEveryPresentationVerifiedInFull() {
		AccessTokenService uncached = new AccessTokenService(SECRET, List.of(), TTL, ISSUER, AUDIENCE, SKEW,
				this.clock, 0);
		String token = uncached.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		uncached.verify(token);
		uncached.verify(token);
		assertThat(uncached.verifiedTokensCached()).isZero();
	}

	@Test
	void verifyWhenGarbageThenInvalidToken() {
		for (String garbage : new String[] { "garbage", "a.b.c", "a.b", "...", " ", "Bearer x",
				"eyJhbGciOiJIUzI1NiJ9.garbage.garbage", "\u0000\u0001" }) {
			assertAuthError(() -> this.service.verify(garbage), AuthErrorCode.INVALID_TOKEN);
		}
	}

	@Test
	void verifyWhenEmptyOrNullThenInvalidToken() {
		assertAuthError(() -> this.service.verify(""), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> this.service.verify(null), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenTooLongThenInvalidToken() {
		String valid = this.service.issue(this.userId, this.workspaceId, java.util.UUID.randomUUID());
		assertAuthError(() -> this.service.verify(valid + "x".repeat(4096)), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenRefreshTokenThenInvalidToken() {
		String refreshToken = SecureTokens.newToken();
		assertAuthError(() -> this.service.verify(refreshToken), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenSubjectAndUserIdDifferThenInvalidToken() throws Exception {
		String payload = payload(this.userId.toString(), UUID.randomUUID().toString(), this.workspaceId.toString());
		String token = handMadeToken("HS256", "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8), payload);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenWorkspaceClaimMissingOrNotUuidThenInvalidToken() throws Exception {
		byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
		String missing = handMadeToken("HS256", "HmacSHA256", key,
				validPayload().replace(",\"workspace_id\":\"" + this.workspaceId + "\"", ""));
		assertAuthError(() -> this.service.verify(missing), AuthErrorCode.INVALID_TOKEN);
		String notUuid = handMadeToken("HS256", "HmacSHA256", key,
				payload(this.userId.toString(), this.userId.toString(), "workspace-1"));
		assertAuthError(() -> this.service.verify(notUuid), AuthErrorCode.INVALID_TOKEN);
		String number = handMadeToken("HS256", "HmacSHA256", key,
				validPayload().replace("\"" + this.workspaceId + "\"", "42"));
		assertAuthError(() -> this.service.verify(number), AuthErrorCode.INVALID_TOKEN);
	}

	/** A token without {@code sid} could not be ended with its session (issue 10, High 1). */
	@Test
	void verifyWhenSessionClaimMissingOrNotUuidThenInvalidToken() throws Exception {
		byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
		assertThat(this.service.verify(handMadeToken("HS256", "HmacSHA256", key, validPayload())).sessionId())
			.isEqualTo(this.sessionId);
		String missing = handMadeToken("HS256", "HmacSHA256", key,
				validPayload().replace(",\"sid\":\"" + this.sessionId + "\"", ""));
		assertAuthError(() -> this.service.verify(missing), AuthErrorCode.INVALID_TOKEN);
		String notUuid = handMadeToken("HS256", "HmacSHA256", key,
				validPayload().replace("\"" + this.sessionId + "\"", "\"session-1\""));
		assertAuthError(() -> this.service.verify(notUuid), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void issueThenSidClaimIsTheSession() {
		UUID session = UUID.randomUUID();
		assertThat(this.service.verify(this.service.issue(this.userId, this.workspaceId, session)).sessionId())
			.isEqualTo(session);
	}

	@Test
	void verifyWhenTokenIdMissingThenInvalidToken() throws Exception {
		String payload = validPayload().replaceFirst(",\"jti\":\"[^\"]+\"", "");
		assertThat(payload).doesNotContain("jti");
		String token = handMadeToken("HS256", "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8), payload);
		assertAuthError(() -> this.service.verify(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void constructorWhenSecretShorterThan32BytesThenRefused() {
		assertThatThrownBy(() -> service("0123456789abcdef0123456789abcde", ISSUER, AUDIENCE))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("secret must be at least 32 bytes");
	}

	@Test
	void constructorWhenIssuerOrAudienceBlankOrTtlNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccessTokenService(SECRET, TTL, " ", AUDIENCE, SKEW, this.clock));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccessTokenService(SECRET, TTL, ISSUER, "", SKEW, this.clock));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AccessTokenService(SECRET, Duration.ZERO, ISSUER, AUDIENCE, SKEW, this.clock));
	}

	private AccessTokenService service(String secret, String issuer, String audience) {
		return new AccessTokenService(secret, TTL, issuer, audience, SKEW, this.clock);
	}

	private String validPayload() {
		return payload(this.userId.toString(), this.userId.toString(), this.workspaceId.toString());
	}

	private String payload(String sub, String userId, String workspaceId) {
		long iat = this.clock.instant().getEpochSecond();
		return "{\"sub\":\"" + sub + "\",\"user_id\":\"" + userId + "\",\"workspace_id\":\"" + workspaceId
				+ "\",\"sid\":\"" + this.sessionId + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + iat + ",\"exp\":"
				+ (iat + TTL.toSeconds()) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
	}

	private static String handMadeToken(String alg, String jcaAlgorithm, byte[] key, String payload)
			throws Exception {
		String input = base64Url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + base64Url(payload);
		return input + "." + sign(jcaAlgorithm, key, input);
	}

	private static void assertSignedWithPlainJdkHmac(String token, String secret) throws Exception {
		String[] parts = token.split("\\.");
		assertThat(parts).hasSize(3);
		String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
		assertThat(header).contains("\"alg\":\"HS256\"");
		assertThat(sign("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), signingInput(token)))
			.isEqualTo(signature(token));
	}

	private static String signingInput(String token) {
		return token.substring(0, token.lastIndexOf('.'));
	}

	private static String signature(String token) {
		return token.substring(token.lastIndexOf('.') + 1);
	}

	private static String sign(String jcaAlgorithm, byte[] key, String input) throws Exception {
		Mac mac = Mac.getInstance(jcaAlgorithm);
		mac.init(new SecretKeySpec(key, jcaAlgorithm));
		byte[] signature = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
