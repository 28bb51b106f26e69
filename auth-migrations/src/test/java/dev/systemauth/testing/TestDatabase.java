package dev.systemauth.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.systemauth.migrations.DatabaseUrl;

/**
 * The one PostgreSQL server of this JVM's tests, chosen once: {@code AUTH_TEST_DATABASE_URL} when set,
 * otherwise Testcontainers (PostgreSQL 17) when a Docker daemon answers, otherwise an embedded
 * PostgreSQL 17 from Maven Central. Each caller of {@link #create()} gets a fresh, empty database on it,
 * so test classes never see each other's rows.
 */
public final class TestDatabase {

	private static final Logger logger = LoggerFactory.getLogger(TestDatabase.class);

	private static final AtomicInteger counter = new AtomicInteger();

	private static volatile Server server;

	private final String name;

	private final String jdbcUrl;

	private final HikariDataSource dataSource;

	private TestDatabase(String name, String jdbcUrl, HikariDataSource dataSource) {
		this.name = name;
		this.jdbcUrl = jdbcUrl;
		this.dataSource = dataSource;
	}

	/**
	 * Creates a new empty database on the shared server.
	 * @return the database
	 */
	public static TestDatabase create() {
		Server server = server();
		String name = "auth_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet() + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		String jdbcUrl = server.jdbcUrl(name);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(server.username);
		config.setPassword(server.password);
		config.setMaximumPoolSize(10);
		config.setPoolName("test-" + name);
		return new TestDatabase(name, jdbcUrl, new HikariDataSource(config));
	}

	public DataSource dataSource() {
		return this.dataSource;
	}

	public String name() {
		return this.name;
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String username() {
		return server().username;
	}

	public String password() {
		return server().password;
	}

	/** Which kind of server this JVM uses: {@code url}, {@code testcontainers} or {@code embedded}. */
	public static String kind() {
		return server().kind;
	}

	/** Closes the pool and drops the database. */
	public void drop() {
		this.dataSource.close();
		try (Connection connection = server().connect("postgres");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			logger.warn("Cannot drop test database {}: {}", this.name, ex.getMessage());
		}
	}

	private static Server server() {
		Server current = server;
		if (current == null) {
			synchronized (TestDatabase.class) {
				current = server;
				if (current == null) {
					current = startServer();
					server = current;
				}
			}
		}
		return current;
	}

	private static Server startServer() {
		String url = System.getenv("AUTH_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			DatabaseUrl parsed = DatabaseUrl.parse(url);
			logger.info("Test PostgreSQL: AUTH_TEST_DATABASE_URL ({})", parsed.jdbcUrl());
			return new Server("url", parsed.jdbcUrl(), parsed.username(), parsed.password());
		}
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			logger.info("Test PostgreSQL: Testcontainers ({})", container.getJdbcUrl());
			return new Server("testcontainers", container.getJdbcUrl(), container.getUsername(),
					container.getPassword());
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is exiting
				}
			}));
			String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
			logger.info("Test PostgreSQL: embedded PostgreSQL 17 on port {}", postgres.getPort());
			return new Server("embedded", jdbcUrl, "postgres", null);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start an embedded PostgreSQL", ex);
		}
	}

	private static boolean dockerAvailable() {
		if ("false".equalsIgnoreCase(System.getenv("AUTH_TEST_DOCKER"))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static final class Server {

		final String kind;

		final String baseJdbcUrl;

		final String username;

		final String password;

		Server(String kind, String jdbcUrl, String username, String password) {
			this.kind = kind;
			this.baseJdbcUrl = jdbcUrl;
			this.username = username;
			this.password = password;
		}

		String jdbcUrl(String database) {
			int slash = this.baseJdbcUrl.indexOf('/', "jdbc:postgresql://".length());
			int query = this.baseJdbcUrl.indexOf('?');
			String prefix = this.baseJdbcUrl.substring(0, slash + 1);
			String suffix = (query < 0) ? "" : this.baseJdbcUrl.substring(query);
			return prefix + database + suffix;
		}

		Connection connect(String database) throws SQLException {
			return DriverManager.getConnection(jdbcUrl(database), this.username, this.password);
		}

	}

}
