package dev.systemauth.core.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The library's handle on its PostgreSQL schema: a {@link JdbcClient}, transactions, and SQL rendering
 * that qualifies every table with the configured schema (the host's connections and search path are
 * never changed).
 * <p>
 * A host may construct it (to give the core services a database) but should not use {@link #jdbc()}: writing
 * the library's tables directly bypasses the audit rows, throttling and cache invalidation the services
 * apply.
 */
public final class AuthDatabase {

	private final DataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String schema;

	public AuthDatabase(DataSource dataSource, String schema) {
		this(dataSource, new DataSourceTransactionManager(dataSource), schema);
	}

	public AuthDatabase(DataSource dataSource, PlatformTransactionManager transactionManager, String schema) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		Objects.requireNonNull(transactionManager, "transactionManager must not be null");
		this.schema = SchemaName.require(schema);
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The client the library's stores run their SQL on.
	 * <p>
	 * <strong>Internal.</strong> Public only because the stores live in several packages; host code should
	 * call the services, which audit and throttle, instead.
	 * @return the client
	 */
	public JdbcClient jdbc() {
		return this.jdbc;
	}

	public String schema() {
		return this.schema;
	}

	/**
	 * Renders a SQL template: every {@code ${schema}} becomes the configured schema name.
	 * @param template the SQL template
	 * @return the SQL
	 */
	public String sql(String template) {
		return template.replace("${schema}", this.schema);
	}

	/**
	 * Runs the work in one transaction; a runtime exception rolls it back and propagates.
	 * @param <T> the result type
	 * @param work the work
	 * @return the result of the work
	 */
	public <T> T inTransaction(Supplier<T> work) {
		return this.transactions.execute((status) -> work.get());
	}

	public void inTransaction(Runnable work) {
		this.transactions.executeWithoutResult((status) -> work.run());
	}

	public static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
