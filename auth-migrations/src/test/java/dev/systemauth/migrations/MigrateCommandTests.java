package dev.systemauth.migrations;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateCommandTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.create();
	}

	@AfterEach
	void dropDatabase() {
		this.database.drop();
	}

	@Test
	void runWhenDatabaseUrlMissingThenUsageError() {
		assertThat(run(Map.of())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("DATABASE_URL is not set");
		assertThat(this.out.size()).isZero();
	}

	@Test
	void runWhenDatabaseUrlBlankThenUsageError() {
		assertThat(run(Map.of("DATABASE_URL", "  "))).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("DATABASE_URL is not set");
	}

	@Test
	void runWhenSchemeUnsupportedThenUsageError() {
		assertThat(run(Map.of("DATABASE_URL", "mysql://u:p@127.0.0.1:3306/db"))).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("must start with postgres://");
	}

	@Test
	void runWhenSchemaInvalidThenUsageError() {
		assertThat(run(Map.of("DATABASE_URL", postgresUrl(), "AUTH_DATABASE_SCHEMA", "auth; drop"))).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("schema must be a plain lower-case identifier");
		assertThat(Rows.query(this.database.dataSource(),
				"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'auth%'")).isEmpty();
	}

	@Test
	void runWhenHostUnreachableThenFailsFast() {
		long started = System.nanoTime();
		int exitCode = run(Map.of("DATABASE_URL", "postgres://u:p@127.0.0.1:1/db"));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat(exitCode).isEqualTo(1);
		assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
		assertThat(this.err.toString(StandardCharsets.UTF_8))
			.contains("Cannot connect to jdbc:postgresql://127.0.0.1:1/db");
	}

	@Test
	void runWhenPostgresUrlOfRealDatabaseThenMigratesAndSecondRunAppliesNothing() {
		Map<String, String> env = Map.of("DATABASE_URL", postgresUrl());

		assertThat(run(env)).as(this.err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Applied 14 migration(s) to schema 'auth'");
		assertThat(Rows.tables(this.database.dataSource(), "auth")).containsExactly("audit_logs",
				"auth_schema_history", "email_verification_tokens", "magic_link_tokens", "mfa_challenges", "mfa_enrolment_tokens",
				"mfa_recovery_codes", "mfa_totp", "oauth_authorizations",
				"oauth_exchange_codes", "passkey_challenges", "passkey_credentials", "password_reset_tokens", "refresh_tokens", "sessions", "throttle_counters",
				"user_identities", "users", "workspace_invitations", "workspace_members", "workspaces");

		this.out.reset();
		assertThat(run(env)).as(this.err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Applied 0 migration(s)");
	}

	@Test
	void runWhenSchemaGivenThenMigratesIntoThatSchema() {
		assertThat(run(Map.of("DATABASE_URL", postgresUrl(), "AUTH_DATABASE_SCHEMA", "tenant_auth")))
			.as(this.err.toString(StandardCharsets.UTF_8))
			.isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.contains("Applied 14 migration(s) to schema 'tenant_auth'");
		assertThat(Rows.tables(this.database.dataSource(), "tenant_auth")).contains("users", "auth_schema_history");
		assertThat(Rows.tables(this.database.dataSource(), "auth")).isEmpty();
	}

	private int run(Map<String, String> env) {
		return MigrateCommand.run(env, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	/**
	 * The test database as {@code postgres://user:pass@host:port/db}, the shape a host usually has in
	 * {@code DATABASE_URL}. The embedded server has no password, so then the URL carries none.
	 */
	private String postgresUrl() {
		URI jdbc = URI.create(this.database.jdbcUrl().substring("jdbc:".length()));
		StringBuilder url = new StringBuilder("postgres://").append(encode(this.database.username()));
		if (this.database.password() != null) {
			url.append(':').append(encode(this.database.password()));
		}
		url.append('@').append(jdbc.getHost()).append(':').append(jdbc.getPort()).append(jdbc.getRawPath());
		if (jdbc.getRawQuery() != null) {
			url.append('?').append(jdbc.getRawQuery());
		}
		return url.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
