package dev.systemauth.core.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SchemaNameTests {

	@Test
	void isValidWhenPlainLowerCaseIdentifierThenTrue() {
		assertThat(SchemaName.isValid("auth")).isTrue();
		assertThat(SchemaName.isValid("_tenant_1")).isTrue();
		assertThat(SchemaName.isValid("a".repeat(63))).isTrue();
	}

	@Test
	void isValidWhenQuotedUpperCaseTooLongOrEmptyThenFalse() {
		assertThat(SchemaName.isValid(null)).isFalse();
		assertThat(SchemaName.isValid("")).isFalse();
		assertThat(SchemaName.isValid("Auth")).isFalse();
		assertThat(SchemaName.isValid("1auth")).isFalse();
		assertThat(SchemaName.isValid("auth;drop")).isFalse();
		assertThat(SchemaName.isValid("a".repeat(64))).isFalse();
	}

	@Test
	void requireWhenInvalidThenNamesTheRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> SchemaName.require("public\"x"))
			.withMessageContaining("schema must be a plain lower-case identifier");
	}

	@Test
	void authDatabaseWhenSchemaInvalidThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthDatabase(new org.springframework.jdbc.datasource.SimpleDriverDataSource(), "A-b"))
			.withMessageContaining("schema must be");
	}

}
