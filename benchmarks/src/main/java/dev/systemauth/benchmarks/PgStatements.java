package dev.systemauth.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Counts the statements PostgreSQL executed, through pg_stat_statements, for the load script:
 * {@code reset <jdbc-url>} clears the counters, {@code count <jdbc-url>} prints the statements run since
 * (excluding pg_stat_statements' own queries and the BEGIN that the driver sends together with the first
 * statement of a transaction, so the figure is close to database round trips).
 */
public final class PgStatements {

	private PgStatements() {
	}

	public static void main(String[] args) throws Exception {
		try (Connection connection = DriverManager.getConnection(args[1], "postgres", "");
				Statement statement = connection.createStatement()) {
			if ("reset".equals(args[0])) {
				statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
				statement.execute("SELECT pg_stat_statements_reset()");
				return;
			}
			try (ResultSet rs = statement.executeQuery("""
					SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
					WHERE query !~* 'pg_stat_statements' AND query !~* '^\\s*BEGIN'""")) {
				rs.next();
				System.out.println(rs.getLong(1));
			}
		}
	}

}
