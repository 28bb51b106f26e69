package dev.systemauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;

import dev.systemauth.core.token.jwk.PemKeys;
import dev.systemauth.core.token.jwk.SigningAlgorithm;
import dev.systemauth.core.token.jwk.SigningKeys;

/**
 * Maps {@code auth.jwt.*} onto the core's {@link SigningKeys}: the HS256 secrets, or an asymmetric private key
 * from {@code signing-key} (PEM) or {@code key-store.*}, with the public keys of
 * {@code previous-verification-keys}. A key that is missing, unreadable, weak or of another type than the
 * algorithm fails start-up naming its property; key material is never echoed.
 */
final class SigningKeysLoader {

	static final String ALGORITHM = "auth.jwt.algorithm";

	static final String SIGNING_KEY = "auth.jwt.signing-key";

	static final String KEY_STORE = "auth.jwt.key-store.location";

	static final String PREVIOUS_KEYS = "auth.jwt.previous-verification-keys";

	private static final String REDACTED = "<redacted>";

	private SigningKeysLoader() {
	}

	/** Fails fast on a configuration that names no key, two keys, or keys the algorithm does not use. */
	static void validate(AuthProperties.Jwt jwt) {
		boolean pem = jwt.getSigningKey() != null && !jwt.getSigningKey().isBlank();
		boolean keyStore = jwt.getKeyStore().getLocation() != null;
		if (!jwt.getAlgorithm().isAsymmetric()) {
			if (pem) {
				throw new InvalidConfigurationPropertyValueException(SIGNING_KEY, REDACTED,
						"is used only with auth.jwt.algorithm EdDSA, ES256 or RS256; HS256 signs with auth.jwt.access-token-secret");
			}
			if (keyStore) {
				throw new InvalidConfigurationPropertyValueException(KEY_STORE, jwt.getKeyStore().getLocation(),
						"is used only with auth.jwt.algorithm EdDSA, ES256 or RS256");
			}
			if (!jwt.getPreviousVerificationKeys().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(PREVIOUS_KEYS, REDACTED,
						"is used only with auth.jwt.algorithm EdDSA, ES256 or RS256; HS256 rotates with auth.jwt.previous-access-token-secrets");
			}
			return;
		}
		if (pem == keyStore) {
			throw new InvalidConfigurationPropertyValueException(SIGNING_KEY, pem ? REDACTED : null,
					"auth.jwt.algorithm " + jwt.getAlgorithm().jwsName()
							+ " needs exactly one private key: auth.jwt.signing-key (PKCS#8 PEM) or auth.jwt.key-store.location");
		}
		if (keyStore && (jwt.getKeyStore().getAlias() == null || jwt.getKeyStore().getAlias().isBlank())) {
			throw new InvalidConfigurationPropertyValueException("auth.jwt.key-store.alias", null,
					"names the entry of the signing key in auth.jwt.key-store.location");
		}
		if (jwt.getJwkSetMaxAge() == null || jwt.getJwkSetMaxAge().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("auth.jwt.jwk-set-max-age", jwt.getJwkSetMaxAge(),
					"must not be negative");
		}
	}

	/** The keys of {@code auth.jwt.*}, read and checked. */
	static SigningKeys load(AuthProperties.Jwt jwt) {
		validate(jwt);
		SigningAlgorithm algorithm = jwt.getAlgorithm();
		if (!algorithm.isAsymmetric()) {
			return SigningKeys.hmac(jwt.getAccessTokenSecret(), jwt.getPreviousAccessTokenSecrets());
		}
		List<PublicKey> previous = new ArrayList<>();
		for (int i = 0; i < jwt.getPreviousVerificationKeys().size(); i++) {
			String name = PREVIOUS_KEYS + "[" + i + "]";
			String pem = jwt.getPreviousVerificationKeys().get(i);
			previous.add(read(name, () -> PemKeys.publicKey(pem, algorithm, name)));
		}
		if (jwt.getKeyStore().getLocation() != null) {
			return fromKeyStore(jwt.getKeyStore(), algorithm, previous);
		}
		PrivateKey signingKey = read(SIGNING_KEY, () -> PemKeys.privateKey(jwt.getSigningKey(), algorithm, SIGNING_KEY));
		return read(SIGNING_KEY, () -> SigningKeys.asymmetric(algorithm, signingKey, previous));
	}

	private static SigningKeys fromKeyStore(AuthProperties.Jwt.KeyStore properties, SigningAlgorithm algorithm,
			List<PublicKey> previous) {
		Resource location = properties.getLocation();
		char[] password = chars(properties.getPassword());
		char[] keyPassword = (properties.getKeyPassword() != null) ? chars(properties.getKeyPassword()) : password;
		try (InputStream in = location.getInputStream()) {
			KeyStore store = KeyStore.getInstance(properties.getType());
			store.load(in, password);
			Key key = store.getKey(properties.getAlias(), keyPassword);
			Certificate certificate = store.getCertificate(properties.getAlias());
			if (!(key instanceof PrivateKey privateKey) || certificate == null) {
				throw new InvalidConfigurationPropertyValueException("auth.jwt.key-store.alias", properties.getAlias(),
						"must name a private key entry with its certificate in " + location.getDescription());
			}
			return read(KEY_STORE, () -> SigningKeys.asymmetric(algorithm, privateKey, certificate.getPublicKey(),
					previous));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new InvalidConfigurationPropertyValueException(KEY_STORE, location.getDescription(),
					"cannot be read as a " + properties.getType() + " key store with the configured password: "
							+ ex.getClass().getSimpleName());
		}
	}

	private static char[] chars(@Nullable String password) {
		return (password != null) ? password.toCharArray() : new char[0];
	}

	private static <T> T read(String name, KeyReader<T> reader) {
		try {
			return reader.read();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(name, REDACTED, ex.getMessage());
		}
	}

	@FunctionalInterface
	private interface KeyReader<T> {

		T read();

	}

}
