package dev.systemauth.core.mfa;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * RFC 4648 section 10 test vectors (without the padding, which otpauth URIs omit).
 */
class Base32Tests {

	@ParameterizedTest
	@CsvSource({ "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI" })
	void encodeWhenRfc4648VectorsThenMatchesAndDecodesBack(String plain, String encoded) {
		byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
		assertThat(Base32.encode(bytes)).isEqualTo(encoded);
		assertThat(Base32.decode(encoded)).isEqualTo(bytes);
	}

	@Test
	void decodeWhenPaddedOrLowerCaseThenSameBytes() {
		assertThat(Base32.decode("mzxw6ytboi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
		assertThat(Base32.encode(new byte[0])).isEmpty();
	}

	@Test
	void decodeWhenOutsideTheAlphabetThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZ1W"));
	}

}
