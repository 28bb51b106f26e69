package dev.systemauth.core.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTests {

	@Test
	void quoteWhenQuoteAndBackslashThenEscapedWithBackslash() {
		assertThat(JsonStrings.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
	}

	@Test
	void quoteWhenControlCharactersThenUnicodeEscapes() {
		assertThat(JsonStrings.quote("line\nfeed\ttab\u0000nul\u001f")).isEqualTo(
				"\"line\\u000afeed\\u0009tab\\u0000nul\\u001f\"");
	}

	@Test
	void quoteWhenPlainOrNonAsciiThenUnchanged() {
		assertThat(JsonStrings.quote("")).isEqualTo("\"\"");
		assertThat(JsonStrings.quote("Grüße / ok </script>")).isEqualTo("\"Grüße / ok </script>\"");
	}

	@Test
	void appendForJsonbWhenNulThenReplacementCharacterAndOtherwiseAsQuote() {
		StringBuilder json = new StringBuilder();
		JsonStrings.appendForJsonb(json, "a\u0000b\"\n");
		assertThat(json).hasToString("\"a\\ufffdb\\\"\\u000a\"");
	}

	@Test
	void appendWhenNulThenUnicodeEscape() {
		StringBuilder json = new StringBuilder("x");
		JsonStrings.append(json, "\u0000");
		assertThat(json).hasToString("x\"\\u0000\"");
	}

}
