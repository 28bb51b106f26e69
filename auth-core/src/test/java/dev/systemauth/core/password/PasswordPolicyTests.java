package dev.systemauth.core.password;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.password.CompromisedPasswordDecision;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PasswordPolicyTests {

	private static final String GOOD = "violet lantern orbits the quarry";

	private final PasswordPolicy policy = PasswordPolicy.withMinLength(8);

	@Test
	void checkWhenGoodPassphraseThenAccepted() {
		assertThatNoException().isThrownBy(() -> this.policy.check(GOOD, PasswordContext.none()));
	}

	@Test
	void checkWhenShorterThanMinLengthThenWeakPasswordTooShort() {
		assertWeak("7chars!", "too_short");
		assertThatNoException().isThrownBy(() -> this.policy.check("8chars!x", PasswordContext.none()));
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
		assertThatNoException().isThrownBy(() -> this.policy.check(password, PasswordContext.none()));
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
		assertThatNoException().isThrownBy(() -> this.policy.check(fits, PasswordContext.none()));
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
	void checkWhenBreachedPasswordOutsideTheOldTenThousandThenWeakPasswordTooCommon() {
		// issue 10 item 12: these passed the 10k list
		assertWeak("password1234", "too_common");
		assertWeak("password12345", "too_common");
		assertWeak("qwerty1234", "too_common");
		assertWeak("1qaz2wsx3edc", "too_common");
		assertWeak("correct horse battery staple", "too_common");
	}

	@Test
	void checkWhenBreachedPasswordInOtherCaseThenWeakPasswordTooCommon() {
		assertWeak("Password1234", "too_common");
		assertWeak("PASSWORD1234", "too_common");
	}

	@Test
	void shippedFilterWhenLoadedThenHoldsTheListAtTheStatedRate() {
		BreachedPasswords shipped = BreachedPasswords.shipped();
		assertThat(shipped.entries()).isGreaterThanOrEqualTo(400_000);
		assertThat(shipped.bitCount() / 8).as("bytes").isLessThanOrEqualTo(4L * 1024 * 1024);
		// m / n >= -ln(p) / ln(2)^2 for p = 1e-6
		double bitsPerEntry = (double) shipped.bitCount() / shipped.entries();
		assertThat(bitsPerEntry).isGreaterThanOrEqualTo(-Math.log(1e-6) / (Math.log(2) * Math.log(2)));
		Random random = new Random(12);
		int hits = 0;
		for (int i = 0; i < 200_000; i++) {
			if (shipped.contains("zq" + Long.toString(random.nextLong(), 36) + "#" + i)) {
				hits++;
			}
		}
		// 0.2 expected at 1e-6; 3 or more would be a broken filter, not bad luck
		assertThat(hits).isLessThan(3);
	}

	@Test
	void buildWhenWrittenAndReadThenSameAnswers() throws IOException {
		BreachedPasswords built = BreachedPasswords.build(List.of("Tr0ub4dor&3", "hunter2hunter2"), 1e-6);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		built.writeTo(out);
		BreachedPasswords read = BreachedPasswords.read(new ByteArrayInputStream(out.toByteArray()));
		assertThat(read.contains("tr0ub4dor&3")).isTrue();
		assertThat(read.contains("HUNTER2HUNTER2")).isTrue();
		assertThat(read.contains(GOOD)).isFalse();
		assertThat(read.hashCount()).isEqualTo(built.hashCount());
	}

	@Test
	void checkWhenPasswordContainsEmailLocalPartThenWeakPasswordContainsEmail() {
		PasswordContext context = PasswordContext.forEmail("jdoe.builder@example.test");
		assertWeak("jdoe.builder-2024", context, "contains_email");
		assertWeak("My JDoe_Builder rocks", context, "contains_email");
		// a part of five or more letters counts on its own
		assertWeak("builder of bridges", context, "contains_email");
		// the same passwords are fine for someone else
		assertThatNoException().isThrownBy(() -> this.policy.check("builder of bridges", PasswordContext.none()));
		assertThatNoException()
			.isThrownBy(() -> this.policy.check("builder of bridges", PasswordContext.forEmail("ann@example.test")));
	}

	@Test
	void checkWhenEmailHasTagOrShortPartsThenOnlyTheRealLocalPartCounts() {
		PasswordContext tagged = PasswordContext.forEmail("marta+shop@example.test");
		assertWeak("marta in the mountains", tagged, "contains_email");
		assertThatNoException().isThrownBy(() -> this.policy.check("shopping at the quarry", tagged));
		// a three-letter local part only refuses itself, not every password that holds it
		PasswordContext shortLocal = PasswordContext.forEmail("bob@example.test");
		assertThatNoException().isThrownBy(() -> this.policy.check("bobsleigh over the quarry", shortLocal));
	}

	@Test
	void checkWhenPasswordContainsApplicationNameThenWeakPasswordContainsContextWord() {
		PasswordPolicy named = this.policy.withContextWords(List.of("System Auth Demo", "ab"));
		AuthException ex = assertAuthError(() -> named.check("SystemAuthDemo2024!", PasswordContext.none()),
				AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "contains_context_word");
		assertAuthError(() -> named.check("my system-auth demo login", PasswordContext.none()),
				AuthErrorCode.WEAK_PASSWORD);
		// words under four letters are ignored; other passwords pass
		assertThatNoException().isThrownBy(() -> named.check("abacus lantern orbits", PasswordContext.none()));
		assertThatNoException().isThrownBy(() -> this.policy.check("SystemAuthDemo2024!", PasswordContext.none()));
	}

	@Test
	void checkWhenCheckerSaysCompromisedThenWeakPasswordBreached() {
		List<String> asked = new ArrayList<>();
		PasswordPolicy checked = this.policy.withCompromisedPasswordChecker((password) -> {
			asked.add(password);
			return new CompromisedPasswordDecision(GOOD.equals(password));
		}, PasswordPolicy.OnCheckerError.ALLOW);
		AuthException ex = assertAuthError(() -> checked.check(GOOD, PasswordContext.none()),
				AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "breached");
		assertThatNoException().isThrownBy(() -> checked.check("kettle sings over the fjord", PasswordContext.none()));
		// a password the local rules refuse never leaves the process
		assertAuthError(() -> checked.check("password1234", PasswordContext.none()), AuthErrorCode.WEAK_PASSWORD);
		assertThat(asked).containsExactly(GOOD, "kettle sings over the fjord");
	}

	@Test
	void checkWhenCheckerFailsAndAllowThenAccepted() {
		PasswordPolicy failOpen = this.policy.withCompromisedPasswordChecker(PasswordPolicyTests::unavailable,
				PasswordPolicy.OnCheckerError.ALLOW);
		assertThatNoException().isThrownBy(() -> failOpen.check(GOOD, PasswordContext.none()));
	}

	@Test
	void checkWhenCheckerFailsAndRejectThenServiceUnavailable() {
		PasswordPolicy failClosed = this.policy.withCompromisedPasswordChecker(PasswordPolicyTests::unavailable,
				PasswordPolicy.OnCheckerError.REJECT);
		AuthException ex = assertAuthError(() -> failClosed.check(GOOD, PasswordContext.none()),
				AuthErrorCode.SERVICE_UNAVAILABLE);
		assertThat(ex.getProperties()).containsEntry("reason", "breach_check_unavailable");
	}

	@Test
	void checkWhenErrorThenCodeAndReasonAreStable() {
		AuthException ex = assertAuthError(() -> this.policy.check("short", PasswordContext.none()),
				AuthErrorCode.WEAK_PASSWORD);
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
		assertWeak(password, PasswordContext.none(), reason);
	}

	private void assertWeak(String password, PasswordContext context, String reason) {
		AuthException ex = assertAuthError(() -> this.policy.check(password, context), AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", reason);
	}

	private static CompromisedPasswordDecision unavailable(String password) {
		throw new IllegalStateException("breach service unreachable");
	}

}
