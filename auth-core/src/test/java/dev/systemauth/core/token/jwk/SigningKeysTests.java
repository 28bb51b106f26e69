package dev.systemauth.core.token.jwk;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTests {

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "ES256", "RS256" })
	void asymmetricWhenPrivateKeyOnlyThenPublicKeyDerivedAndPublishedByThumbprint(SigningAlgorithm algorithm) {
		KeyPair pair = TestKeys.generate(algorithm);
		SigningKeys keys = SigningKeys.asymmetric(algorithm, pair.getPrivate(), List.of());
		assertThat(keys.verificationKey(keys.keyId())).isEqualTo(pair.getPublic());
		assertThat(keys.verificationKey(null)).isEqualTo(pair.getPublic());
		assertThat(keys.keyId()).isEqualTo(Jwks.builder().key(pair.getPublic()).build().thumbprint().toString());

		JwkSet set = Jwks.setParser().build().parse(keys.jwkSetJson());
		assertThat(set.getKeys()).singleElement().satisfies((jwk) -> {
			assertThat(jwk.getId()).isEqualTo(keys.keyId());
			assertThat(jwk.getAlgorithm()).isEqualTo(algorithm.jwsName());
			assertThat(jwk.get("use")).isEqualTo("sig");
			assertThat(jwk).isInstanceOf(PublicJwk.class);
			assertThat(jwk.toKey()).isEqualTo(pair.getPublic());
		});
	}

	@Test
	void jwkSetWhenPrivateKeyThenNoPrivateMember() {
		KeyPair rsa = TestKeys.generate(SigningAlgorithm.RS256);
		String json = SigningKeys.asymmetric(SigningAlgorithm.RS256, rsa.getPrivate(), List.of()).jwkSetJson();
		for (String privateMember : new String[] { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" }) {
			assertThat(json).doesNotContain(privateMember);
		}
		KeyPair ed = TestKeys.generate(SigningAlgorithm.EDDSA);
		assertThat(SigningKeys.asymmetric(SigningAlgorithm.EDDSA, ed.getPrivate(), List.of()).jwkSetJson())
			.doesNotContain("\"d\"");
	}

	@Test
	void asymmetricWhenPreviousKeysThenEachVerifiesAndIsPublishedOnce() {
		KeyPair current = TestKeys.generate(SigningAlgorithm.ES256);
		PublicKey previous = TestKeys.generate(SigningAlgorithm.ES256).getPublic();
		SigningKeys keys = SigningKeys.asymmetric(SigningAlgorithm.ES256, current.getPrivate(),
				List.of(previous, previous, current.getPublic()));
		assertThat(keys.keyIds()).hasSize(2).startsWith(keys.keyId());
		String previousKid = keys.keyIds().get(1);
		assertThat(keys.verificationKey(previousKid)).isEqualTo(previous);
		assertThat(keys.verificationKey("unknown")).isNull();
		assertThat(Jwks.setParser().build().parse(keys.jwkSetJson()).getKeys()).hasSize(2);
	}

	@Test
	void hmacWhenSecretsThenNothingPublished() {
		SigningKeys keys = SigningKeys.hmac("a-secret-of-at-least-thirty-two-bytes!!", List.of());
		assertThat(keys.algorithm()).isEqualTo(SigningAlgorithm.HS256);
		assertThat(keys.jwkSetJson()).isEqualTo("{\"keys\":[]}");
		assertThat(keys.keyId()).isEqualTo(SigningKeys.secretKeyId("a-secret-of-at-least-thirty-two-bytes!!"));
	}

	@Test
	void asymmetricWhenKeyOfAnotherTypeThenRefusedNamingIt() throws Exception {
		KeyPair ec = TestKeys.generate(SigningAlgorithm.ES256);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.RS256, ec.getPrivate(), List.of()))
			.withMessageContaining("signingKey must be an RSA key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.EDDSA, ec.getPrivate(), List.of()))
			.withMessageContaining("signingKey must be an Ed25519 key");
		KeyPair ed = TestKeys.generate(SigningAlgorithm.EDDSA);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.ES256, ed.getPrivate(), List.of()))
			.withMessageContaining("signingKey must be an EC key on P-256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.ES256, ec.getPrivate(),
					List.of(ed.getPublic())))
			.withMessageContaining("previousKeys[0] must be an EC key on P-256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.HS256, ec.getPrivate(), List.of()))
			.withMessageContaining("EdDSA, ES256 or RS256");
	}

	@Test
	void asymmetricWhenWeakKeyThenRefused() throws Exception {
		KeyPair rsa1024 = TestKeys.rsa(1024);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.RS256, rsa1024.getPrivate(), List.of()))
			.withMessageContaining("at least 2048 bits");
		KeyPair p384 = TestKeys.ec("secp384r1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.ES256, p384.getPrivate(), List.of()))
			.withMessageContaining("P-256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.hmac("too-short", List.of()))
			.withMessageContaining("secret must be at least 32 bytes");
	}

	@Test
	void asymmetricWhenPublicKeyOfAnotherPairThenRefused() {
		KeyPair one = TestKeys.generate(SigningAlgorithm.EDDSA);
		KeyPair other = TestKeys.generate(SigningAlgorithm.EDDSA);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.asymmetric(SigningAlgorithm.EDDSA, one.getPrivate(), other.getPublic(),
					List.of()))
			.withMessageContaining("publicKey must be the public key of signingKey");
	}

}
