package dev.systemauth.core.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6238 Appendix B (the SHA-1 rows, 8 digits, the 20-byte ASCII secret "12345678901234567890"), and the
 * ±1 step window.
 */
class TotpTests {

	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	private final Totp totp = new Totp();

	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void codeWhenRfc6238AppendixBThenMatches(long unixSeconds, String expected) {
		long step = Totp.step(Instant.ofEpochSecond(unixSeconds));
		assertThat(Totp.code(RFC_SECRET, step, 8)).isEqualTo(expected);
	}

	@Test
	void codeWhenSixDigitsThenLastSixOfTheRfcValue() {
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)), 6)).isEqualTo("287082");
	}

	@Test
	void matchingStepWhenWithinOneStepThenThatStep() {
		long now = Totp.step(Instant.ofEpochSecond(1111111111));
		for (long step = now - 1; step <= now + 1; step++) {
			assertThat(this.totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step, 6), now)).isEqualTo(step);
		}
	}

	@Test
	void matchingStepWhenTwoStepsAwayThenNoMatch() {
		long now = Totp.step(Instant.ofEpochSecond(1111111111));
		assertThat(this.totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now - 2, 6), now)).isEqualTo(Totp.NO_MATCH);
		assertThat(this.totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now + 2, 6), now)).isEqualTo(Totp.NO_MATCH);
	}

	@Test
	void matchingStepWhenMalformedThenNoMatch() {
		long now = 1000;
		String right = Totp.code(RFC_SECRET, now, 6);
		assertThat(this.totp.matchingStep(RFC_SECRET, "", now)).isEqualTo(Totp.NO_MATCH);
		assertThat(this.totp.matchingStep(RFC_SECRET, right + "0", now)).isEqualTo(Totp.NO_MATCH);
		assertThat(this.totp.matchingStep(RFC_SECRET, "ａｂｃ", now)).isEqualTo(Totp.NO_MATCH);
		assertThat(this.totp.matchingStep(RFC_SECRET, right, now)).isEqualTo(now);
	}

}
