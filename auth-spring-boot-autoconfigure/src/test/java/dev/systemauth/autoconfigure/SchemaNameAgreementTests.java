package dev.systemauth.autoconfigure;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.systemauth.core.jdbc.SchemaName;
import dev.systemauth.migrations.AuthMigrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth-migrations} cannot see the core, so it keeps its own copy of the schema-name check; this test,
 * which sees both, proves they give the same answers.
 */
class SchemaNameAgreementTests {

	static List<String> names() {
		return Arrays.asList("auth", "_x", "a1_b2", "a".repeat(63), "a".repeat(64), "", "Auth", "1a", "a-b", "a b",
				"a;b", "é");
	}

	@ParameterizedTest
	@MethodSource("names")
	void migrationsAndCoreAgreeOnEverySchemaName(String name) {
		boolean migrations;
		try {
			AuthMigrations.requireValidSchema(name);
			migrations = true;
		}
		catch (IllegalArgumentException ex) {
			migrations = false;
		}
		assertThat(migrations).as(name).isEqualTo(SchemaName.isValid(name));
	}

}
