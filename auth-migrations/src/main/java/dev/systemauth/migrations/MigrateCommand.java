package dev.systemauth.migrations;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies the migrations by hand, as the original {@code pnpm migrate} did.
 * <p>
 * Reads {@code DATABASE_URL} ({@code postgres://user:pass@host:5432/db} or {@code jdbc:postgresql://...}),
 * and optionally {@code AUTH_DATABASE_SCHEMA} (default {@code auth}). Exits with 0 on success, 1 on a
 * migration failure and 2 on a usage error.
 */
public final class MigrateCommand {

	private MigrateCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(System.getenv(), System.out, System.err));
	}

	static int run(Map<String, String> env, PrintStream out, PrintStream err) {
		String url = env.get("DATABASE_URL");
		if (url == null || url.isBlank()) {
			err.println("DATABASE_URL is not set (postgres://user:pass@host:5432/db or jdbc:postgresql://...)");
			return 2;
		}
		DatabaseUrl databaseUrl;
		String schema = env.getOrDefault("AUTH_DATABASE_SCHEMA", AuthMigrations.DEFAULT_SCHEMA);
		try {
			databaseUrl = DatabaseUrl.parse(url);
			AuthMigrations.requireValidSchema(schema);
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(databaseUrl.jdbcUrl());
		if (databaseUrl.username() != null) {
			dataSource.setUser(databaseUrl.username());
		}
		if (databaseUrl.password() != null) {
			dataSource.setPassword(databaseUrl.password());
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.isValid(5);
		}
		catch (SQLException ex) {
			err.println("Cannot connect to " + databaseUrl.redactedJdbcUrl() + ": " + ex.getMessage());
			return 1;
		}
		try {
			int applied = new AuthMigrations(dataSource, schema).migrate();
			out.println("Applied " + applied + " migration(s) to schema '" + schema + "' at " + databaseUrl.redactedJdbcUrl());
			return 0;
		}
		catch (RuntimeException ex) {
			err.println("Migration failed: " + ex.getMessage());
			return 1;
		}
	}

}
