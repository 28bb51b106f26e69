package dev.systemauth.core.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTests {

	@Test
	void normalizeWhenMixedCaseAndSurroundingSpacesThenTrimmedAndLowerCased() {
		assertThat(EmailAddress.normalize("  Alice@Example.COM \t")).isEqualTo("alice@example.com");
	}

	@Test
	void normalizeWhenAlreadyNormalThenUnchanged() {
		assertThat(EmailAddress.normalize("bob.smith+tag@mail.example.org"))
			.isEqualTo("bob.smith+tag@mail.example.org");
	}

	@Test
	void normalizeWhenSameAddressInTwoCasesThenSameResult() {
		assertThat(EmailAddress.normalize("Alice@Example.com")).isEqualTo(EmailAddress.normalize("alice@example.com"));
	}

	@Test
	void normalizeWhenDecomposedUnicodeThenComposed() {
		// "e" + combining acute accent becomes the single character U+00E9
		assertThat(EmailAddress.normalize("Jose\u0301@example.com")).isEqualTo("jos\u00E9@example.com");
	}

	@Test
	void normalizeWhenCarriageReturnOrLineFeedInsideThenRejected() {
		assertInvalid("alice@example.com\r\nBcc: eve@example.com");
		assertInvalid("alice@example.com\nBcc: eve@example.com");
		assertInvalid("alice\r@example.com");
		assertInvalid("alice@exam\nple.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice smith@example.com", "alice@exa mple.com", "alice@example.com bob@example.com",
			"alice\u2028@example.com", "alice\u3000@example.com" })
	void normalizeWhenSpaceInsideThenRejected(String email) {
		assertInvalid(email);
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice\u00A0@example.com", "\u00A0alice@example.com", "alice@example.com\u202F",
			"ali\u2007ce@example.com" })
	void normalizeWhenNoBreakSpaceThenRejected(String email) {
		// Java's isWhitespace leaves out the no-break spaces: a look-alike of alice@example.com must not pass
		assertInvalid(email);
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice\u0000@example.com", "alice\u0007@example.com", "alice\t@example.com",
			"alice\u007F@example.com", "alice\u0085@example.com", "alice@example\u001B.com" })
	void normalizeWhenControlCharacterThenRejected(String email) {
		assertInvalid(email);
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice.example.com", "alice", "@example.com", "alice@" })
	void normalizeWhenAtSignMissingOrAtAnEndThenRejected(String email) {
		assertInvalid(email);
	}

	@Test
	void normalizeWhenTwoAtSignsThenRejected() {
		assertInvalid("alice@bob@example.com");
		assertInvalid("alice@@example.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice@localhost", "alice@example", "alice@.example.com", "alice@example.com.",
			"alice@example..com", ".alice@example.com", "alice.@example.com" })
	void normalizeWhenDomainHasNoDotOrBadDotsThenRejected(String email) {
		assertInvalid(email);
	}

	@ParameterizedTest
	@ValueSource(strings = { "<alice@example.com>", "alice,bob@example.com", "alice;@example.com",
			"\"alice\"@example.com", "alice@[127.0.0.1]" })
	void normalizeWhenSpecialCharacterThenRejected(String email) {
		assertInvalid(email);
	}

	@Test
	void normalizeWhenNullOrEmptyOrBlankThenRejected() {
		assertInvalid(null);
		assertInvalid("");
		assertInvalid("   ");
	}

	@Test
	void normalizeWhen254CharactersThenAccepted() {
		String email = "a@" + "b".repeat(248) + ".com";
		assertThat(email).hasSize(254);
		assertThat(EmailAddress.normalize(email)).isEqualTo(email);
	}

	@Test
	void normalizeWhen255CharactersThenRejected() {
		String email = "a@" + "b".repeat(249) + ".com";
		assertThat(email).hasSize(255);
		assertInvalid(email);
	}

	@Test
	void normalizeWhenLocalPartLongerThan64ThenRejected() {
		assertThat(EmailAddress.normalize("a".repeat(64) + "@example.com")).startsWith("a".repeat(64));
		assertInvalid("a".repeat(65) + "@example.com");
	}

	@Test
	void normalizeWhenRejectedThenValidationFailedNamingTheFieldWithoutEchoingInput() {
		AuthException ex = assertAuthError(() -> EmailAddress.normalize("evil\r\n@example.com"),
				AuthErrorCode.VALIDATION_FAILED);
		assertThat(ex.getProperties()).containsEntry("field", "email");
		assertThat(ex.getMessage()).doesNotContain("evil");
	}

	private static void assertInvalid(String email) {
		assertAuthError(() -> EmailAddress.normalize(email), AuthErrorCode.VALIDATION_FAILED);
	}

}
