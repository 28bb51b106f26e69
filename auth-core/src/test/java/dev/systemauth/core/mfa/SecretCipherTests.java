package dev.systemauth.core.mfa;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTests {

	private static final byte[] KEY_A = key(1);

	private static final byte[] KEY_B = key(2);

	private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void openWhenSealedThenSecretAndCiphertextHidesIt() {
		SecretCipher cipher = new SecretCipher(KEY_A, List.of());
		byte[] sealed = cipher.seal(SECRET, "user-1");
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("1234567890");
		assertThat(cipher.open(cipher.currentKeyId(), sealed, "user-1")).isEqualTo(SECRET);
		assertThat(cipher.seal(SECRET, "user-1")).as("a fresh nonce each time").isNotEqualTo(sealed);
	}

	@Test
	void openWhenKeyRotatedThenOldSecretsStillOpenWithThePreviousKey() {
		SecretCipher before = new SecretCipher(KEY_A, List.of());
		byte[] sealed = before.seal(SECRET, "user-1");
		SecretCipher after = new SecretCipher(KEY_B, List.of(KEY_A));
		assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
		assertThat(after.open(before.currentKeyId(), sealed, "user-1")).isEqualTo(SECRET);
	}

	@Test
	void openWhenPreviousKeyDroppedThenRefused() {
		SecretCipher before = new SecretCipher(KEY_A, List.of());
		byte[] sealed = before.seal(SECRET, "user-1");
		assertThatIllegalStateException()
			.isThrownBy(() -> new SecretCipher(KEY_B, List.of()).open(before.currentKeyId(), sealed, "user-1"));
	}

	@Test
	void openWhenCopiedToAnotherUserOrTamperedThenRefused() {
		SecretCipher cipher = new SecretCipher(KEY_A, List.of());
		byte[] sealed = cipher.seal(SECRET, "user-1");
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(cipher.currentKeyId(), sealed, "user-2"));
		byte[] tampered = sealed.clone();
		tampered[tampered.length - 1] ^= 1;
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(cipher.currentKeyId(), tampered, "user-1"));
	}

	@Test
	void constructorWhenKeyNotThirtyTwoBytesThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretCipher(new byte[16], List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretCipher(KEY_A, List.of(new byte[31])));
	}

	private static byte[] key(int seed) {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (seed * 31 + i * 7);
		}
		return key;
	}

}
