package dev.systemauth.core.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenHasherTests {

	private static final byte[] SECRET = "token-hasher-secret-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OTHER_SECRET = "token-hasher-other-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);

	private final TokenHasher hasher = new TokenHasher(SECRET);

	@Test
	void hashWhenSameValueThenSameHash() {
		String token = SecureTokens.newToken();
		assertThat(this.hasher.hash(token)).isEqualTo(this.hasher.hash(token));
		assertThat(new TokenHasher(SECRET.clone()).hash(token)).isEqualTo(this.hasher.hash(token));
	}

	@Test
	void hashWhenDifferentValuesThenDifferentHashes() {
		assertThat(this.hasher.hash("token-a")).isNotEqualTo(this.hasher.hash("token-b"));
	}

	@Test
	void hashWhenDifferentKeyThenDifferentHash() {
		String token = SecureTokens.newToken();
		assertThat(new TokenHasher(OTHER_SECRET).hash(token)).isNotEqualTo(this.hasher.hash(token));
	}

	@Test
	void hashIsUrlSafeBase64OfHmacSha256() throws Exception {
		String token = SecureTokens.newToken();
		String hash = this.hasher.hash(token);
		assertThat(hash).matches("[A-Za-z0-9_-]{43}");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
		byte[] expected = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
		assertThat(Base64.getUrlDecoder().decode(hash)).isEqualTo(expected);
	}

	@Test
	void hashWhenValueHasUrlUnsafeCharactersThenOutputStillUrlSafe() {
		for (int i = 0; i < 200; i++) {
			assertThat(this.hasher.hash("value/+=?&#" + i)).matches("[A-Za-z0-9_-]{43}");
		}
	}

	@Test
	void hashNeverEqualsOrContainsTheInput() {
		String token = SecureTokens.newToken();
		String hash = this.hasher.hash(token);
		assertThat(hash).isNotEqualTo(token).doesNotContain(token);
		assertThat(this.hasher.hash("")).isNotEmpty();
	}

	@Test
	void constructorWhenSecretShorterThan32BytesThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenHasher(new byte[31]));
		assertThat(new TokenHasher(new byte[32]).hash("x")).isNotEmpty();
	}

	@Test
	void constructorCopiesTheSecret() {
		byte[] secret = SECRET.clone();
		TokenHasher copy = new TokenHasher(secret);
		String before = copy.hash("value");
		secret[0] ^= 1;
		assertThat(copy.hash("value")).isEqualTo(before);
	}

	@Test
	void equalComparesHashes() {
		String hash = this.hasher.hash("value");
		assertThat(TokenHasher.equal(hash, this.hasher.hash("value"))).isTrue();
		assertThat(TokenHasher.equal(hash, this.hasher.hash("other"))).isFalse();
		assertThat(TokenHasher.equal(hash, hash.substring(1))).isFalse();
	}

	@Test
	void secureTokensAreUrlSafeAndCarry256Bits() {
		String token = SecureTokens.newToken();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
		assertThat(SecureTokens.newToken()).isNotEqualTo(token);
	}

	@Test
	void secureCodesAreDigitsOfTheRequestedLength() {
		for (int i = 0; i < 100; i++) {
			assertThat(SecureTokens.newCode(6)).matches("[0-9]{6}");
		}
		assertThat(SecureTokens.newCode(12)).matches("[0-9]{12}");
		assertThatIllegalArgumentException().isThrownBy(() -> SecureTokens.newCode(3));
		assertThatIllegalArgumentException().isThrownBy(() -> SecureTokens.newCode(13));
	}

}
