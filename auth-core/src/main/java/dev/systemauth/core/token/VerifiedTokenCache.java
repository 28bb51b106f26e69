package dev.systemauth.core.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Access tokens that have already passed full verification, so that a client presenting the same token on
 * each request pays for parsing and the signature check once.
 * <p>
 * Entries are keyed by the SHA-256 of the token's text: only an identical token finds an entry, and no
 * token text is kept. Claims of a signed token never change, and the verification keys of an
 * {@link AccessTokenService} are fixed, so the only check that must be repeated on a hit is expiry, which
 * {@link #get} does with the same clock skew as the full verification. Only tokens that verified are
 * stored, so the cache cannot be filled with forgeries. It holds at most {@code maxEntries}: when full,
 * expired entries are dropped, and if that is not enough the cache is emptied and fills again.
 */
final class VerifiedTokenCache {

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(VerifiedTokenCache::sha256);

	private final ConcurrentHashMap<Key, AccessTokenClaims> entries = new ConcurrentHashMap<>();

	private final int maxEntries;

	private final Duration clockSkew;

	VerifiedTokenCache(int maxEntries, Duration clockSkew) {
		if (maxEntries < 0) {
			throw new IllegalArgumentException("maxEntries must not be negative");
		}
		this.maxEntries = maxEntries;
		this.clockSkew = clockSkew;
	}

	/** The claims of a token verified before and not expired at {@code now}; null when it must be verified. */
	@Nullable AccessTokenClaims get(String token, Instant now) {
		if (this.maxEntries == 0) {
			return null;
		}
		AccessTokenClaims claims = this.entries.get(Key.of(token));
		if (claims == null || isExpired(claims, now)) {
			return null;
		}
		return claims;
	}

	/** Remembers the claims of a token that has just passed full verification. */
	void put(String token, AccessTokenClaims claims, Instant now) {
		if (this.maxEntries == 0) {
			return;
		}
		if (this.entries.size() >= this.maxEntries) {
			evict(now);
		}
		this.entries.put(Key.of(token), claims);
	}

	int size() {
		return this.entries.size();
	}

	private synchronized void evict(Instant now) {
		if (this.entries.size() < this.maxEntries) {
			return;
		}
		this.entries.values().removeIf((claims) -> isExpired(claims, now));
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
	}

	/** As the full verification: expired once {@code now - skew} is after {@code exp}. */
	private boolean isExpired(AccessTokenClaims claims, Instant now) {
		return now.minus(this.clockSkew).isAfter(claims.expiresAt());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** The SHA-256 of a token, as four longs. */
	private record Key(long a, long b, long c, long d) {

		static Key of(String token) {
			MessageDigest digest = SHA_256.get();
			ByteBuffer hash = ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
			return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
		}

	}

}
