package dev.systemauth.core.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One store per table: the SQL that writes a table is written in one class, even where a statement of
 * another store composes it (through that store's public fragment).
 */
class TableOwnershipTests {

	private static final Pattern WRITE = Pattern
		.compile("(?:INSERT INTO|UPDATE|DELETE FROM) \\$\\{schema}\\.([a-z_]+)");

	@Test
	void everyTableIsWrittenByItsOwnStoreOnly() {
		Map<String, Set<String>> writers = writers(Path.of("src/main/java"));
		assertThat(writers).containsEntry("users", Set.of("JdbcUserStore"))
			.containsEntry("audit_logs", Set.of("AuditLog"))
			.containsEntry("sessions", Set.of("SessionStore"))
			.containsEntry("refresh_tokens", Set.of("RefreshTokenStore"))
			.containsEntry("throttle_counters", Set.of("ThrottleStore"))
			.containsEntry("workspaces", Set.of("WorkspaceService"))
			.containsEntry("workspace_members", Set.of("WorkspaceService"))
			.containsEntry("mfa_totp", Set.of("TotpStore"))
			.containsEntry("mfa_recovery_codes", Set.of("RecoveryCodeStore"))
			.containsEntry("mfa_challenges", Set.of("MfaChallengeStore"))
			.containsEntry("workspace_invitations", Set.of("InvitationStore"))
			.containsEntry("passkey_credentials", Set.of("PasskeyCredentialStore"))
			.containsEntry("passkey_challenges", Set.of("PasskeyChallengeStore"))
			// mfa policy: begin
			.containsEntry("mfa_enrolment_tokens", Set.of("MfaEnrolmentTokenStore"));
			// mfa policy: end
	}

	private static Map<String, Set<String>> writers(Path sources) {
		Map<String, Set<String>> writers = new TreeMap<>();
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				String name = file.getFileName().toString().replace(".java", "");
				Matcher matcher = WRITE.matcher(read(file));
				while (matcher.find()) {
					writers.computeIfAbsent(matcher.group(1), (table) -> new TreeSet<>()).add(name);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return writers;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
