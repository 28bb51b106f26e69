package dev.systemauth.core.account;

import java.text.Normalizer;
import java.util.Locale;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Email normalisation: surrounding whitespace trimmed, Unicode NFC, lower-cased, so that
 * {@code Alice@Example.com} and {@code alice@example.com} are one account. Refuses control characters,
 * whitespace and CR/LF inside the address (no header injection in outgoing mail), and anything that is not
 * {@code local@domain.tld}.
 */
public final class EmailAddress {

	/** The longest accepted address (RFC 5321 path limit). */
	public static final int MAX_LENGTH = 254;

	private EmailAddress() {
	}

	/**
	 * Normalises an email address.
	 * @param email the address as given
	 * @return the normalised address
	 * @throws AuthException with {@link AuthErrorCode#VALIDATION_FAILED} when it is not a plausible address
	 */
	public static String normalize(String email) {
		if (email == null) {
			throw invalid();
		}
		String value = Normalizer.normalize(email.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
		if (value.length() < 3 || value.length() > MAX_LENGTH) {
			throw invalid();
		}
		int at = value.indexOf('@');
		if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || at > 64) {
			throw invalid();
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
					|| Character.isSpaceChar(c) || c == '<' || c == '>' || c == '(' || c == ')' || c == ','
					|| c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
				throw invalid();
			}
		}
		String domain = value.substring(at + 1);
		if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")
				|| value.startsWith(".") || value.contains(".@")) {
			throw invalid();
		}
		return value;
	}

	private static AuthException invalid() {
		return new AuthException(AuthErrorCode.VALIDATION_FAILED, "A valid email address is required.",
				java.util.Map.of("field", "email"));
	}

}
