package dev.systemauth.migrations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void parseWhenPostgresUrlThenJdbcUrlAndDecodedCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:p%40ss@host:5433/db?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5433/db?sslmode=require");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isEqualTo("p@ss");
	}

	@Test
	void parseWhenPasswordHasPlusThenPlusIsKept() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:a+b%2Bc@host/db");
		assertThat(url.password()).isEqualTo("a+b+c");
	}

	@Test
	void toStringWhenPasswordInQueryThenMasked() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://host/db?user=u&password=hunter2&ssl=true");
		assertThat(url.toString()).doesNotContain("hunter2").contains("password=****");
		assertThat(url.redactedJdbcUrl()).isEqualTo("jdbc:postgresql://host/db?user=u&password=****&ssl=true");
	}

	@Test
	void parseWhenPostgresqlSchemeThenSameAsPostgres() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://user:secret@db.example.com:5432/app");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isEqualTo("secret");
	}

	@Test
	void parseWhenJdbcUrlThenPassedThroughWithoutCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://host:5432/db?ssl=true");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?ssl=true");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void parseWhenNoPortThenJdbcUrlHasNoPort() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:secret@host/db");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host/db");
	}

	@Test
	void parseWhenNoCredentialsThenUsernameAndPasswordAreNull() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://host:5432/db");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void parseWhenUserWithoutPasswordThenPasswordIsNull() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user@host:5432/db");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isNull();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "\t\n" })
	void parseWhenBlankThenRejected(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(value))
			.withMessage("database URL must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mysql://user:secret@host:3306/db", "jdbc:mysql://host/db", "garbage", "host:5432/db",
			"http://host/db" })
	void parseWhenNotPostgresThenRejected(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(value))
			.withMessageContaining("must start with postgres://, postgresql:// or jdbc:postgresql:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://", "postgres:///db", "postgres://user:secret@/db", "postgres://ho st/db",
			"postgres://host:port/db" })
	void parseWhenPostgresUrlMalformedThenRejected(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(value));
	}

	@Test
	void toStringWhenUrlHasPasswordThenPasswordIsNotShown() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:p%40ss-s3cr3t@host:5433/db?sslmode=require");
		assertThat(url.password()).isEqualTo("p@ss-s3cr3t");
		assertThat(url.toString()).contains("jdbc:postgresql://host:5433/db", "user")
			.doesNotContain("p@ss-s3cr3t")
			.doesNotContain("p%40ss-s3cr3t")
			.doesNotContain("s3cr3t");
	}

	@Test
	void toStringWhenCreatedDirectlyThenPasswordIsNotShown() {
		DatabaseUrl url = new DatabaseUrl("jdbc:postgresql://host/db", "user", "s3cr3t");
		assertThat(url.toString()).doesNotContain("s3cr3t");
	}

}
