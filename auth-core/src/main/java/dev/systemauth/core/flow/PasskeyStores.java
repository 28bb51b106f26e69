package dev.systemauth.core.flow;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.passkey.PasskeyCredentialStore;
import dev.systemauth.core.passkey.WebAuthnCeremonies;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * What the passkey flows share: the two passkey stores, the ceremonies, and the hasher of challenges; and the
 * small steps every flow takes with them (issuing and using a challenge, decoding base64url fields).
 *
 * @param credentials the {@code passkey_credentials} store
 * @param challenges the {@code passkey_challenges} store
 * @param ceremonies webauthn4j, set up for the relying party
 * @param hasher hashes challenges (only hashes are stored)
 */
public record PasskeyStores(PasskeyCredentialStore credentials, PasskeyChallengeStore challenges,
		WebAuthnCeremonies ceremonies, TokenHasher hasher) {

	static final String PUBLIC_KEY = "public-key";

	public PasskeyStores {
		Objects.requireNonNull(credentials, "credentials must not be null");
		Objects.requireNonNull(challenges, "challenges must not be null");
		Objects.requireNonNull(ceremonies, "ceremonies must not be null");
		Objects.requireNonNull(hasher, "hasher must not be null");
	}

	/** Stores a new challenge (pruning expired ones first) and returns it, base64url. */
	String issueChallenge(String purpose, @Nullable UUID userId, Instant now) {
		this.challenges.deleteExpired(now);
		String challenge = SecureTokens.newToken();
		this.challenges.insert(this.hasher.hash(challenge), purpose, userId,
				now, now.plus(this.ceremonies.settings().challengeTtl()));
		return challenge;
	}

	/** Uses the challenge a response carries, once; {@link AuthErrorCode#INVALID_CHALLENGE} otherwise. */
	void useChallenge(byte[] challenge, String purpose, @Nullable UUID userId, Instant now) {
		String encoded = WebAuthnCeremonies.base64Url(challenge);
		if (!this.challenges.consume(this.hasher.candidates(encoded), purpose, userId, now)) {
			throw new AuthException(AuthErrorCode.INVALID_CHALLENGE,
					"The challenge is unknown, expired or already used.");
		}
	}

	long timeoutMillis() {
		return this.ceremonies.settings().challengeTtl().toMillis();
	}

	List<PasskeyOptions.CredentialDescriptor> descriptors(UUID userId) {
		return this.credentials.listByUser(userId)
			.stream()
			.map((p) -> new PasskeyOptions.CredentialDescriptor(PUBLIC_KEY,
					WebAuthnCeremonies.base64Url(p.credentialId()), p.transports()))
			.toList();
	}

	/** The user handle of a user: the 16 bytes of the user id. */
	static byte[] userHandle(UUID userId) {
		return ByteBuffer.allocate(16)
			.putLong(userId.getMostSignificantBits())
			.putLong(userId.getLeastSignificantBits())
			.array();
	}

	/** A required base64url field, or {@code validation_failed} naming it. */
	static byte[] decode(@Nullable String value, String field) {
		String text = FlowErrors.requireToken(value, field);
		try {
			return Base64.getUrlDecoder().decode(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw FlowErrors.validation(field, field + " must be base64url.");
		}
	}

	static void requirePublicKeyType(@Nullable String type) {
		if (type != null && !PUBLIC_KEY.equals(type)) {
			throw FlowErrors.validation("credential.type", "credential.type must be public-key.");
		}
	}

}
