package dev.systemauth.core.json;

/**
 * Writes JSON string literals (RFC 8259): the one escaping routine behind every piece of JSON the project
 * writes by hand (the audit {@code details} column, the problem bodies written outside Spring MVC), since
 * the core has no JSON library.
 */
public final class JsonStrings {

	private JsonStrings() {
	}

	/**
	 * The value as a quoted JSON string: {@code "} and {@code \} escaped with a backslash, every other
	 * control character as {@code \}{@code uXXXX}.
	 * @param value the text
	 * @return the JSON string literal
	 */
	public static String quote(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2);
		append(json, value, false);
		return json.toString();
	}

	/**
	 * Appends the value as a quoted JSON string, as {@link #quote(String)} does.
	 * @param json where to append
	 * @param value the text
	 */
	public static void append(StringBuilder json, String value) {
		append(json, value, false);
	}

	/**
	 * Appends the value as a quoted JSON string for a PostgreSQL {@code jsonb} column, which refuses
	 * {@code \}{@code u0000}: a NUL character becomes U+FFFD, everything else as {@link #quote(String)}.
	 * @param json where to append
	 * @param value the text
	 */
	public static void appendForJsonb(StringBuilder json, String value) {
		append(json, value, true);
	}

	private static void append(StringBuilder json, String value, boolean nulAsReplacement) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c == 0 && nulAsReplacement) {
				json.append("\\ufffd");
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

}
