package dev.systemauth.core.token.jwk;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PemKeysTests {

	@ParameterizedTest
	@EnumSource(names = { "EDDSA", "ES256", "RS256" })
	void readWhenPkcs8AndPublicKeyPemThenKeys(SigningAlgorithm algorithm) {
		KeyPair pair = TestKeys.generate(algorithm);
		assertThat(PemKeys.privateKey(TestKeys.pem(pair.getPrivate()), algorithm, "key")).isEqualTo(pair.getPrivate());
		assertThat(PemKeys.publicKey(TestKeys.pem(pair.getPublic()), algorithm, "key")).isEqualTo(pair.getPublic());
	}

	@Test
	void readWhenLineBreaksWrittenAsBackslashNThenKey() {
		KeyPair pair = TestKeys.generate(SigningAlgorithm.EDDSA);
		String oneLine = TestKeys.pem(pair.getPrivate()).replace("\n", "\\n");
		assertThat(PemKeys.privateKey(oneLine, SigningAlgorithm.EDDSA, "key")).isEqualTo(pair.getPrivate());
	}

	@Test
	void readWhenKeyOfAnotherAlgorithmThenRefusedNamingTheSetting() {
		KeyPair ec = TestKeys.generate(SigningAlgorithm.ES256);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.privateKey(TestKeys.pem(ec.getPrivate()), SigningAlgorithm.RS256, "auth.x"))
			.withMessageStartingWith("auth.x must be a private key for RS256");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.publicKey(TestKeys.pem(ec.getPublic()), SigningAlgorithm.EDDSA, "auth.y"))
			.withMessageStartingWith("auth.y must be a public key for EdDSA");
	}

	@Test
	void readWhenNotPkcs8OrNotPemThenRefusedWithoutEchoingTheKey() {
		KeyPair rsa = TestKeys.generate(SigningAlgorithm.RS256);
		String pkcs1Label = TestKeys.pem(rsa.getPrivate()).replace("PRIVATE KEY", "RSA PRIVATE KEY");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.privateKey(pkcs1Label, SigningAlgorithm.RS256, "auth.x"))
			.withMessageContaining("PKCS#8")
			.withMessageNotContaining(pkcs1Label.substring(40, 80));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.privateKey(TestKeys.pem(rsa.getPublic()), SigningAlgorithm.RS256, "auth.x"))
			.withMessageContaining("not PUBLIC KEY");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PemKeys.privateKey("not a key at all", SigningAlgorithm.RS256, "auth.x"))
			.withMessage("auth.x must be PEM text (-----BEGIN ...-----)");
		assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.publicKey(" ", SigningAlgorithm.RS256, "auth.y"))
			.withMessage("auth.y must not be empty");
	}

}
