package dev.systemauth.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the bytes of every released migration.
 * <p>
 * Released migrations are immutable: databases out there have already applied them, and Flyway refuses to
 * start when an applied file's checksum changes. To change the schema, add a new migration (the next is
 * {@code V012__...sql}) instead of editing one of these, and pin it here once it is released. A new file that
 * is not pinned yet is allowed.
 */
class ReleasedMigrationsChecksumTests {

	private static final String LOCATION = "auth/db/migration/";

	private static final List<String> RELEASES = List.of("v1.0.0", "v1.1.0", "v1.2.0");

	/** Release folder and file name to SHA-256 (hex) of each released migration, as {@code sha256sum} prints it. */
	private static final Map<String, String> RELEASED = Map.of(
			"v1.0.0/V001__auth_user_create_users.sql", "34a368efd448a727cff8022d7a4f52c5e8a94739322be52d0f7bf3d7c6a8ff1a",
			"v1.0.0/V002__auth_organization_create_organizations.sql",
			"9357711d7e875acb32c9ada484eb1fa0493c8dc140fadf9f7cd146f58e9160da",
			"v1.0.0/V003__auth_membership_create_memberships.sql",
			"ee28c8dde3093441e3f8265f2fdcc762b5f5dbdcfe84adfebb7068a781e0f4b7",
			"v1.0.0/V004__auth_core_reserved_slot_004.sql", "afa4b534a0ba6878eb0232c20bc08f999285449f749a75b4f70cf0d2ac05d6ee",
			"v1.0.0/V005__auth_core_reserved_slot_005.sql", "afa4b534a0ba6878eb0232c20bc08f999285449f749a75b4f70cf0d2ac05d6ee",
			"v1.0.0/V006__auth_audit_create_audit_logs.sql",
			"eaf2cc7856edfe8766328ef3a475c53789af0086dcedaf15a488598ed05f335e",
			"v1.1.0/V007__auth_security_create_throttle_counters.sql",
			"c808b195082f2b5053f0d4255d2a7f87aeffa9a981402496f17d692aa7a0ee46",
			"v1.1.0/V008__auth_tenant_notify_membership_changes.sql",
			"288177df0b2a08989866e0f77d258ca2261135a6f7dae2eb60fffdc1dc02d83b");

	@Test
	void releasedMigrationsWhenReadFromClasspathThenMatchPinnedDigests() throws Exception {
		Map<String, String> current = currentDigests();
		assertThat(current)
			.as("Released migrations are immutable; add a new V012 file instead of editing or removing one. "
					+ "Files on the classpath at %s: %s", LOCATION, current.keySet())
			.containsAllEntriesOf(RELEASED);
	}

	/** Release folder and file name to SHA-256 of every file of every release, pinned or not. */
	private static Map<String, String> currentDigests() throws IOException, URISyntaxException {
		Map<String, String> digests = new TreeMap<>();
		for (String release : RELEASES) {
			digestsOf(release).forEach((file, digest) -> digests.put(release + "/" + file, digest));
		}
		return digests;
	}

	private static Map<String, String> digestsOf(String release) throws IOException, URISyntaxException {
		String location = LOCATION + release + "/";
		URL url = ReleasedMigrationsChecksumTests.class.getClassLoader().getResource(location);
		assertThat(url).as("classpath location %s", location).isNotNull();
		URI uri = url.toURI();
		if ("jar".equals(uri.getScheme())) {
			try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
				return digests(Path.of(uri));
			}
		}
		return digests(Path.of(uri));
	}

	private static Map<String, String> digests(Path directory) throws IOException {
		Map<String, String> digests = new TreeMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			files.filter(Files::isRegularFile)
				.forEach((file) -> digests.put(file.getFileName().toString(), sha256(file)));
		}
		return digests;
	}

	private static String sha256(Path file) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
