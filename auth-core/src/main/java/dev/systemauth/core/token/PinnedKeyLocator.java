package dev.systemauth.core.token;

import java.security.Key;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.InvalidKeyException;

import dev.systemauth.core.token.jwk.SigningKeys;

/**
 * Chooses the key that checks an access token: the algorithm is pinned to the configured one before any key is
 * looked at, and the key is one of the configured keys, by {@code kid}. Nothing in the token's header (a
 * {@code jwk}, {@code jku}, {@code x5u} or {@code x5c}) can supply a key, and an unprotected token is refused.
 */
final class PinnedKeyLocator implements Locator<Key> {

	private final SigningKeys keys;

	PinnedKeyLocator(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public Key locate(Header header) {
		if (!(header instanceof ProtectedHeader protectedHeader)) {
			throw new InvalidKeyException("Unprotected tokens are not accepted");
		}
		// the algorithm is pinned before any key is chosen: a token may not pick how it is checked
		if (!this.keys.algorithm().jwsName().equals(protectedHeader.getAlgorithm())) {
			throw new InvalidKeyException("Unexpected algorithm");
		}
		Key key = this.keys.verificationKey(protectedHeader.getKeyId());
		if (key == null) {
			throw new InvalidKeyException("Unknown kid");
		}
		return key;
	}

}
