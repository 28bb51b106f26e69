package dev.systemauth.migrations;

import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the library's migrations to a PostgreSQL database.
 * <p>
 * The tables live in their own schema (default {@code auth}) with their own Flyway history table
 * ({@code auth_schema_history}), so a host app's tables and its own Flyway history are never touched.
 * Flyway takes a PostgreSQL advisory lock while it migrates, so two instances starting at once apply
 * each migration exactly once.
 */
public final class AuthMigrations {

	/** Classpath location of the released migrations. */
	public static final String LOCATION = "classpath:auth/db/migration";

	/** Name of the library's own Flyway history table. */
	public static final String HISTORY_TABLE = "auth_schema_history";

	/** Default schema of the library's tables. */
	public static final String DEFAULT_SCHEMA = "auth";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final DataSource dataSource;

	private final String schema;

	public AuthMigrations(DataSource dataSource, String schema) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.schema = requireValidSchema(schema);
	}

	/**
	 * Migrates the database to the latest version.
	 * @return the number of migrations applied by this call
	 */
	public int migrate() {
		MigrateResult result = flyway().migrate();
		return result.migrationsExecuted;
	}

	/**
	 * Checks that the applied migrations match the released files (checksums, order, nothing missing).
	 * @throws org.flywaydb.core.api.exception.FlywayValidateException when they do not
	 */
	public void validate() {
		flyway().validate();
	}

	Flyway flyway() {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.locations(LOCATION)
			.schemas(this.schema)
			.defaultSchema(this.schema)
			.createSchemas(true)
			.table(HISTORY_TABLE)
			.validateMigrationNaming(true)
			.cleanDisabled(true)
			.load();
	}

	/**
	 * Validates a schema name: lower-case letters, digits and underscores, as PostgreSQL folds them.
	 * @param schema the schema name
	 * @return the schema name
	 * @throws IllegalArgumentException when the name is not a plain identifier
	 */
	public static String requireValidSchema(String schema) {
		if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
			throw new IllegalArgumentException(
					"schema must be a plain lower-case identifier ([a-z_][a-z0-9_]*), got '" + schema + "'");
		}
		return schema;
	}

}
