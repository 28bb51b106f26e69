package dev.systemauth.migrations;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Guarantees the schema itself gives, whatever the code above it does.
 */
class AuthSchemaConstraintsTests {

	private static final String UNIQUE_VIOLATION = "23505";

	static TestDatabase database;

	@BeforeAll
	static void migrate() {
		database = TestDatabase.create();
		new AuthMigrations(database.dataSource(), "auth").migrate();
	}

	@AfterAll
	static void dropDatabase() {
		database.drop();
	}

	@Test
	void insertUserWhenEmailDiffersOnlyInCaseThenUniqueIndexRejectsIt() throws SQLException {
		Rows.execute(database.dataSource(), "INSERT INTO auth.users (email) VALUES ('Alice@x.io')");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> Rows.execute(database.dataSource(),
					"INSERT INTO auth.users (email) VALUES ('alice@x.io')"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(UNIQUE_VIOLATION))
			.withMessageContaining("users_email_lower_key");
	}

	@Test
	void insertUserWhenEmailIsDifferentThenAccepted() {
		assertThatCode(() -> Rows.execute(database.dataSource(),
				"INSERT INTO auth.users (email) VALUES ('carol@x.io')",
				"INSERT INTO auth.users (email) VALUES ('dave@x.io')"))
			.doesNotThrowAnyException();
	}

}
