package dev.systemauth.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Reads rows with plain JDBC, so tests can compare what is in the database before and after a migration.
 */
final class Rows {

	private static final String TABLES = """
			SELECT table_name FROM information_schema.tables
			WHERE table_schema = ? AND table_type = 'BASE TABLE'
			ORDER BY table_name
			""";

	private Rows() {
	}

	/** Names of the tables in a schema, sorted. */
	static List<String> tables(DataSource dataSource, String schema) {
		return query(dataSource, TABLES, schema).stream().map((row) -> (String) row.get(0)).toList();
	}

	/** Every row of a query, each as a list of its column values. */
	static List<List<Object>> query(DataSource dataSource, String sql, Object... parameters) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet resultSet = statement.executeQuery()) {
				int columns = resultSet.getMetaData().getColumnCount();
				List<List<Object>> rows = new ArrayList<>();
				while (resultSet.next()) {
					List<Object> row = new ArrayList<>(columns);
					for (int column = 1; column <= columns; column++) {
						row.add(resultSet.getObject(column));
					}
					rows.add(row);
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot run " + sql, ex);
		}
	}

	/** Runs statements in one transaction. */
	static void execute(DataSource dataSource, String... statements) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}

}
