package dev.systemauth.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.jwk.SigningKeys;

/**
 * Issues and verifies access tokens: compact JWS, by default HS256 over the UTF-8 bytes of the access secret (as
 * in the original Node library, so any JWT library given the same secret verifies them), or EdDSA, ES256 or
 * RS256 with a private key whose public keys {@link SigningKeys} publishes, with the claims
 * {@code sub}, {@code user_id}, {@code workspace_id}, {@code sid} (the session), {@code iss}, {@code aud},
 * {@code iat}, {@code exp} and {@code jti}. A token without {@code sid} (issued before sessions existed) is
 * refused: it could not be ended with its session. Verification accepts only the configured algorithm, the configured issuer and audience, and a small clock skew;
 * it does no I/O.
 * <p>
 * Key rotation without logging anyone out: tokens carry a {@code kid} (of the secret: the first 64 bits of its
 * SHA-256; of a public key: its RFC 7638 thumbprint); the current key signs, and previous keys still verify
 * tokens bearing their {@code kid} until they are removed. The key is chosen by {@code kid} among the configured
 * keys only: {@code jku}, {@code jwk}, {@code x5u} and {@code x5c} are never followed, an unknown {@code kid} is
 * refused, and a token without {@code kid} is checked against the current key.
 * <p>
 * A client presents the same access token on every request until it expires, so tokens that verified are
 * remembered (by their SHA-256, at most {@code verifiedCacheSize} of them, see {@link VerifiedTokenCache}):
 * a repeat costs one hash and an expiry check instead of a parse and a signature check.
 */
public final class AccessTokenService {

	static final String USER_ID = "user_id";

	static final String WORKSPACE_ID = "workspace_id";

	static final String SESSION_ID = "sid";

	/** Verified tokens remembered by default: about 3 MB at most. */
	public static final int DEFAULT_VERIFIED_CACHE_SIZE = 10_000;

	private final SigningKeys keys;

	private final Duration ttl;

	private final String issuer;

	private final String audience;

	private final Duration clockSkew;

	private final Clock clock;

	private final io.jsonwebtoken.JwtParser parser;

	private final VerifiedTokenCache verified;

	public AccessTokenService(String secret, Duration ttl, String issuer, String audience, Duration clockSkew,
			Clock clock) {
		this(secret, List.of(), ttl, issuer, audience, clockSkew, clock);
	}

	public AccessTokenService(String secret, List<String> previousSecrets, Duration ttl, String issuer,
			String audience, Duration clockSkew, Clock clock) {
		this(secret, previousSecrets, ttl, issuer, audience, clockSkew, clock, DEFAULT_VERIFIED_CACHE_SIZE);
	}

	/**
	 * Creates the service.
	 * @param secret the current signing secret (at least 32 bytes)
	 * @param previousSecrets secrets that still verify tokens bearing their {@code kid}
	 * @param ttl lifetime of issued tokens
	 * @param issuer the {@code iss} issued and required
	 * @param audience the {@code aud} issued and required
	 * @param clockSkew tolerance on {@code exp}
	 * @param clock the time source
	 * @param verifiedCacheSize how many verified tokens to remember; 0 verifies every presentation in full
	 */
	public AccessTokenService(String secret, List<String> previousSecrets, Duration ttl, String issuer,
			String audience, Duration clockSkew, Clock clock, int verifiedCacheSize) {
		this(SigningKeys.hmac(secret, previousSecrets), ttl, issuer, audience, clockSkew, clock, verifiedCacheSize);
	}

	/**
	 * Creates the service over any {@link SigningKeys} (HS256 secrets or an asymmetric key pair).
	 * @param keys the algorithm, the signing key and the keys that verify by {@code kid}
	 * @param ttl lifetime of issued tokens
	 * @param issuer the {@code iss} issued and required
	 * @param audience the {@code aud} issued and required
	 * @param clockSkew tolerance on {@code exp}
	 * @param clock the time source
	 * @param verifiedCacheSize how many verified tokens to remember; 0 verifies every presentation in full
	 */
	public AccessTokenService(SigningKeys keys, Duration ttl, String issuer, String audience, Duration clockSkew,
			Clock clock, int verifiedCacheSize) {
		this.keys = Objects.requireNonNull(keys, "keys must not be null");
		this.ttl = requirePositive(ttl, "ttl");
		this.issuer = requireText(issuer, "issuer");
		this.audience = requireText(audience, "audience");
		this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.parser = Jwts.parser()
			.json(new JacksonDeserializer<>(strictJson()))
			.keyLocator(new PinnedKeyLocator(this.keys))
			.requireIssuer(this.issuer)
			.requireAudience(this.audience)
			.clockSkewSeconds(this.clockSkew.toSeconds())
			.clock(() -> Date.from(this.clock.instant()))
			.build();
		this.verified = new VerifiedTokenCache(verifiedCacheSize, this.clockSkew);
	}

	/** Lifetime of an access token. */
	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * Issues an access token.
	 * @param userId the user
	 * @param workspaceId the workspace the token is bound to
	 * @param sessionId the session the token belongs to, and dies with
	 * @return the compact JWS
	 */
	public String issue(UUID userId, UUID workspaceId, UUID sessionId) {
		Instant now = this.clock.instant();
		return Jwts.builder()
			.header()
			.type("JWT")
			.keyId(this.keys.keyId())
			.and()
			.subject(userId.toString())
			.claim(USER_ID, userId.toString())
			.claim(WORKSPACE_ID, workspaceId.toString())
			.claim(SESSION_ID, sessionId.toString())
			.issuer(this.issuer)
			.audience()
			.single(this.audience)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(this.ttl)))
			.id(UUID.randomUUID().toString())
			.signWith(this.keys.signingKey(), this.keys.signatureAlgorithm())
			.compact();
	}

	/**
	 * Verifies an access token.
	 * @param token the compact JWS
	 * @return its claims
	 * @throws AuthException with {@link AuthErrorCode#INVALID_TOKEN} for any token that is not a valid,
	 * unexpired access token of this issuer and audience
	 */
	public AccessTokenClaims verify(String token) {
		if (token == null || token.isEmpty() || token.length() > 4096) {
			throw invalid();
		}
		Instant now = this.clock.instant();
		AccessTokenClaims known = this.verified.get(token, now);
		if (known != null) {
			return known;
		}
		AccessTokenClaims claims = parse(token);
		this.verified.put(token, claims, now);
		return claims;
	}

	/** Tokens remembered as verified. */
	int verifiedTokensCached() {
		return this.verified.size();
	}

	private AccessTokenClaims parse(String token) {
		try {
			Jws<Claims> jws = this.parser.parseSignedClaims(token);
			if (!this.keys.algorithm().jwsName().equals(jws.getHeader().getAlgorithm())) {
				throw invalid();
			}
			Claims claims = jws.getPayload();
			UUID userId = uuid(claims.getSubject());
			UUID claimedUserId = uuid(claims.get(USER_ID, String.class));
			UUID workspaceId = uuid(claims.get(WORKSPACE_ID, String.class));
			UUID sessionId = uuid(claims.get(SESSION_ID, String.class));
			if (!userId.equals(claimedUserId) || claims.getId() == null || claims.getIssuedAt() == null
					|| claims.getExpiration() == null) {
				throw invalid();
			}
			return new AccessTokenClaims(userId, workspaceId, sessionId, claims.getId(), claims.getIssuedAt().toInstant(),
					claims.getExpiration().toInstant());
		}
		catch (JwtException | IllegalArgumentException | ClassCastException ex) {
			throw invalid();
		}
	}

	/** Token JSON with a member named twice (two {@code workspace_id} claims, say) is refused, not "last wins". */
	private static ObjectMapper strictJson() {
		ObjectMapper mapper = new ObjectMapper();
		mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
		return mapper;
	}

	/** The {@code kid} of tokens signed now. */
	public String keyId() {
		return this.keys.keyId();
	}

	/** The keys tokens are signed and verified with (and, for an asymmetric algorithm, published). */
	public SigningKeys keys() {
		return this.keys;
	}

	/** The {@code kid} of an HS256 secret. */
	static String keyIdOf(String secret) {
		return SigningKeys.secretKeyId(secret);
	}

	private static UUID uuid(String value) {
		if (value == null || value.length() != 36) {
			throw invalid();
		}
		return UUID.fromString(value);
	}

	private static AuthException invalid() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The access token is missing, invalid or expired.");
	}

	static Duration requirePositive(Duration value, String name) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return value;
	}

	static String requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
		return value;
	}

}
