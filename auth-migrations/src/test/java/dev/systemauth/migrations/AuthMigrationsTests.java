package dev.systemauth.migrations;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class AuthMigrationsTests {

	static TestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		database.drop();
	}

	@Test
	void migrateWhenRunTwiceThenSecondRunAppliesNothing() {
		AuthMigrations migrations = new AuthMigrations(database.dataSource(), "auth");
		assertThat(migrations.migrate()).isEqualTo(6);
		assertThat(migrations.migrate()).isZero();
	}

}
