package dev.systemauth.migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthMigrationsTests {

	private static final List<String> AUTH_TABLES = List.of("audit_logs", "auth_schema_history",
			"email_verification_tokens", "magic_link_tokens", "mfa_challenges", "mfa_enrolment_tokens", "mfa_recovery_codes", "mfa_totp", "oauth_authorizations", "oauth_exchange_codes",
			"passkey_challenges", "passkey_credentials", "password_reset_tokens", "refresh_tokens", "sessions", "throttle_counters", "user_identities", "users",
			"workspace_invitations", "workspace_members", "workspaces");

	private static final String HISTORY = """
			SELECT version, success FROM auth.auth_schema_history
			WHERE version IS NOT NULL ORDER BY installed_rank
			""";

	private static final String PUBLIC_OBJECTS = """
			SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
			UNION ALL
			SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
			""";

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
	void migrateWhenRunTwiceThenSecondRunAppliesNothing() {
		AuthMigrations migrations = new AuthMigrations(this.database.dataSource(), "auth");
		assertThat(migrations.migrate()).isEqualTo(14);
		assertThat(migrations.migrate()).isZero();
	}

	@Test
	void migrateWhenFreshDatabaseThenAllTablesAndHistoryAreInAuthSchema() {
		new AuthMigrations(this.database.dataSource(), AuthMigrations.DEFAULT_SCHEMA).migrate();
		assertThat(Rows.tables(this.database.dataSource(), "auth")).containsExactlyElementsOf(AUTH_TABLES);
		assertThat(Rows.query(this.database.dataSource(), HISTORY)).containsExactly(List.of("001", true),
				List.of("002", true), List.of("003", true), List.of("004", true), List.of("005", true),
				List.of("006", true), List.of("007", true), List.of("008", true), List.of("009", true),
				List.of("010", true), List.of("011", true), List.of("012", true), List.of("013", true),
				List.of("014", true));
	}

	@Test
	void migrateWhenFreshDatabaseThenNothingIsCreatedInPublic() {
		new AuthMigrations(this.database.dataSource(), AuthMigrations.DEFAULT_SCHEMA).migrate();
		assertThat(Rows.query(this.database.dataSource(), PUBLIC_OBJECTS)).isEmpty();
	}

	@Test
	void migrateWhenHostHasOwnUsersAndFlywayHistoryThenBothAreUntouched(@TempDir Path hostMigrations)
			throws Exception {
		Flyway host = hostFlyway(hostMigrations);
		host.migrate();
		Rows.execute(this.database.dataSource(),
				"INSERT INTO public.users (email, display_name) VALUES ('Alice@x.io', 'Alice'), ('bob@x.io', 'Bob')");
		HostSnapshot before = HostSnapshot.of(this.database);
		assertThat(before.users()).hasSize(2);
		assertThat(before.history()).hasSize(1);

		assertThat(new AuthMigrations(this.database.dataSource(), "auth").migrate()).isEqualTo(14);

		assertThat(HostSnapshot.of(this.database)).isEqualTo(before);
		assertThat(Rows.tables(this.database.dataSource(), "public")).containsExactly("flyway_schema_history",
				"users");
		assertThat(Rows.query(this.database.dataSource(), "SELECT count(*) FROM auth.users")).containsExactly(
				List.of(0L));
		assertThatCode(host::validate).doesNotThrowAnyException();
	}

	@Test
	void migrateWhenCustomSchemaThenTablesAndHistoryAreInThatSchemaOnly() {
		AuthMigrations migrations = new AuthMigrations(this.database.dataSource(), "tenant_auth");
		assertThat(migrations.migrate()).isEqualTo(14);
		assertThat(Rows.tables(this.database.dataSource(), "tenant_auth")).containsExactlyElementsOf(AUTH_TABLES);
		assertThat(Rows.tables(this.database.dataSource(), "auth")).isEmpty();
		assertThat(Rows.query(this.database.dataSource(), PUBLIC_OBJECTS)).isEmpty();
		assertThatCode(migrations::validate).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "auth; drop", "Auth", "", "1auth", "auth-x", "\"auth\"", "public.auth" })
	void createWhenSchemaNameInvalidThenRejected(String schema) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthMigrations(this.database.dataSource(), schema))
			.withMessageContaining("schema must be a plain lower-case identifier");
	}

	@Test
	void validateWhenMigratedThenPasses() {
		AuthMigrations migrations = new AuthMigrations(this.database.dataSource(), "auth");
		migrations.migrate();
		assertThatCode(migrations::validate).doesNotThrowAnyException();
	}

	@Test
	void validateWhenNotMigratedThenFails() {
		AuthMigrations migrations = new AuthMigrations(this.database.dataSource(), "auth");
		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(migrations::validate);
	}

	@Test
	void validateWhenAppliedMigrationChangedThenFails() throws Exception {
		AuthMigrations migrations = new AuthMigrations(this.database.dataSource(), "auth");
		migrations.migrate();
		Rows.execute(this.database.dataSource(),
				"UPDATE auth.auth_schema_history SET checksum = checksum + 1 WHERE script LIKE '%V001__%'");
		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(migrations::validate)
			.withMessageContaining("checksum mismatch");
	}

	private Flyway hostFlyway(Path directory) throws IOException {
		Files.writeString(directory.resolve("V1__host_users.sql"), """
				CREATE TABLE users (
				    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				    email        text   NOT NULL,
				    display_name text
				);
				""");
		return Flyway.configure()
			.dataSource(this.database.dataSource())
			.locations("filesystem:" + directory.toAbsolutePath())
			.load();
	}

	/** What a host app owns in {@code public}: its users' columns and rows, and its Flyway history. */
	private record HostSnapshot(List<List<Object>> userColumns, List<List<Object>> users,
			List<List<Object>> history) {

		static HostSnapshot of(TestDatabase database) {
			return new HostSnapshot(Rows.query(database.dataSource(), """
					SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
					WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position
					"""), Rows.query(database.dataSource(), "SELECT * FROM public.users ORDER BY id"),
					Rows.query(database.dataSource(), """
							SELECT installed_rank, version, description, type, script, checksum, installed_by,
							       installed_on, success
							FROM public.flyway_schema_history ORDER BY installed_rank
							"""));
		}

	}

}
