package dev.systemauth.core.password;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PasswordPolicyTests {

	private final PasswordPolicy policy = PasswordPolicy.withMinLength(8);

	@Test
	void checkWhenGoodPassphraseThenAccepted() {
		assertThatNoException().isThrownBy(() -> this.policy.check("correct horse battery staple"));
	}

	@Test
	void checkWhenShorterThanMinLengthThenWeakPasswordTooShort() {
		assertWeak("7chars!", "too_short");
		assertThatNoException().isThrownBy(() -> this.policy.check("8chars!x"));
	}

	@Test
	void checkWhenMinLengthThenCountedInCodePointsNotChars() {
		// seven emoji are fourteen chars but seven code points: still too short
		String sevenEmoji = "\uD83D\uDE00".repeat(7);
		assertThat(sevenEmoji).hasSize(14);
		assertWeak(sevenEmoji, "too_short");
	}

	@Test
	void checkWhenEmptyOrNullThenWeakPasswordRequired() {
		assertWeak("", "required");
		assertWeak(null, "required");
	}

	@Test
	void checkWhenExactly72BytesThenAccepted() {
		String password = "unusual-passphrase-".repeat(4).substring(0, 72);
		assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(72);
		assertThatNoException().isThrownBy(() -> this.policy.check(password));
	}

	@Test
	void checkWhen73BytesThenWeakPasswordTooLong() {
		String password = "unusual-passphrase-".repeat(4).substring(0, 73);
		assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(73);
		assertWeak(password, "too_long");
	}

	@Test
	void checkWhenMultiByteCharactersThenLengthLimitCountedInBytes() {
		// 24 euro signs: 24 characters but 72 UTF-8 bytes, the most bcrypt reads
		String fits = "\u20AC".repeat(24);
		assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(72);
		assertThatNoException().isThrownBy(() -> this.policy.check(fits));
		// one more: only 25 characters, far under 72, but 75 bytes
		String tooLong = "\u20AC".repeat(25);
		assertThat(tooLong.length()).isLessThan(PasswordPolicy.MAX_BYTES);
		assertWeak(tooLong, "too_long");
		// 71 ASCII bytes plus one two-byte character is 73 bytes
		String mixed = "a1b2c3d4e5".repeat(8).substring(0, 71) + "\u00E9";
		assertThat(mixed.getBytes(StandardCharsets.UTF_8)).hasSize(73);
		assertWeak(mixed, "too_long");
	}

	@Test
	void checkWhenNulCharacterThenWeakPasswordInvalidCharacter() {
		assertWeak("correct horse\0battery", "invalid_character");
	}

	@Test
	void checkWhenCommonPasswordThenWeakPasswordTooCommon() {
		assertWeak("password123", "too_common");
		assertWeak("qwerty123", "too_common");
	}

	@Test
	void checkWhenCommonPasswordInOtherCaseThenWeakPasswordTooCommon() {
		assertWeak("PassWord123", "too_common");
		assertWeak("PASSWORD123", "too_common");
	}

	@Test
	void checkWhenErrorThenCodeAndReasonAreStable() {
		AuthException ex = assertAuthError(() -> this.policy.check("short"), AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getErrorCode().code()).isEqualTo("weak_password");
		assertThat(ex.getErrorCode().status()).isEqualTo(400);
		assertThat(ex.getProperties()).containsOnlyKeys("reason");
		assertThat(ex.getMessage()).contains("8").doesNotContain("short");
	}

	@Test
	void withMinLengthWhenOutOfRangeThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordPolicy.withMinLength(0));
		assertThatIllegalArgumentException().isThrownBy(() -> PasswordPolicy.withMinLength(73));
		assertThat(PasswordPolicy.withMinLength(12).getMinLength()).isEqualTo(12);
	}

	private void assertWeak(String password, String reason) {
		AuthException ex = assertAuthError(() -> this.policy.check(password), AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", reason);
	}

}
