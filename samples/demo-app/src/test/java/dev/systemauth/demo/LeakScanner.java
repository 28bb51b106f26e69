package dev.systemauth.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looks for known secrets in texts (log output, audit rows) and reports every finding at once, each with
 * the offending line, the secret and any other long token-like value masked, so that a failure report
 * repeats neither the log nor a secret.
 */
final class LeakScanner {

	private final List<String> findings = new ArrayList<>();

	/** Records a finding when the text contains the secret anywhere. */
	LeakScanner secret(String where, String text, String label, String secret) {
		int at = text.indexOf(secret);
		if (at >= 0) {
			this.findings.add(where + " contains " + label + ": " + lineAround(text, at, secret.length()));
		}
		return this;
	}

	/** Records a finding when the text contains the numeric code as a whole token. */
	LeakScanner code(String where, String text, String code) {
		Matcher matcher = Pattern.compile("(?<![0-9A-Za-z.])" + code + "(?![0-9A-Za-z])").matcher(text);
		if (matcher.find()) {
			this.findings.add(where + " contains a verification code: "
					+ lineAround(text, matcher.start(), code.length()));
		}
		return this;
	}

	void assertNone() {
		assertThat(this.findings).as("secrets found").isEmpty();
	}

	private static String lineAround(String text, int at, int length) {
		int start = text.lastIndexOf('\n', at) + 1;
		int end = text.indexOf('\n', at + length);
		String line = text.substring(start, (end < 0) ? text.length() : end);
		String masked = line.replace(text.substring(at, at + length), "<secret>")
			.replaceAll("[A-Za-z0-9_-]{40,}", "<redacted>");
		return (masked.length() > 300) ? masked.substring(0, 300) + "..." : masked;
	}

}
