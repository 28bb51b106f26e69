package dev.systemauth.autoconfigure;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.systemauth.testing.TestDatabase;

/**
 * What the autoconfiguration tests share: a valid base configuration, the host's {@link DataSource} as a
 * bean the context never closes, connection strings in both accepted shapes, and the messages of a
 * failure's cause chain.
 */
final class AuthTestSupport {

	static final String ACCESS_SECRET = "test-access-token-secret-0123456789-abcdefgh";

	static final String REFRESH_SECRET = "test-refresh-token-secret-0123456789-abcdefgh";

	static final String HASH_SECRET = "test-token-hash-secret-0123456789-abcdefgh";

	static final String BASE_URL = "https://app.example.test";

	/** Secrets, links and the cheapest accepted bcrypt cost; a DataSource must still be given. */
	static final String[] VALID_PROPERTIES = { "auth.jwt.access-token-secret=" + ACCESS_SECRET,
			"auth.jwt.refresh-token-secret=" + REFRESH_SECRET, "auth.jwt.token-hash-secret=" + HASH_SECRET,
			"auth.links.base-url=" + BASE_URL, "auth.password.bcrypt-cost=10" };

	private AuthTestSupport() {
	}

	/** {@link #VALID_PROPERTIES} less the one whose key is given. */
	static String[] validPropertiesWithout(String key) {
		return Arrays.stream(VALID_PROPERTIES).filter((property) -> !property.startsWith(key + "=")).toArray(String[]::new);
	}

	/**
	 * The database's pool behind a wrapper that is not {@link AutoCloseable}, so that closing a test context
	 * does not close the pool the next test uses (as closing a host's context would not close a pool it
	 * does not own).
	 */
	static DataSource hostDataSource(TestDatabase database) {
		return new DelegatingDataSource(database.dataSource());
	}

	static JdbcClient jdbc(TestDatabase database) {
		return JdbcClient.create(database.dataSource());
	}

	/** {@code jdbc:postgresql://host:port/db?user=...[&password=...]}, credentials in the URL. */
	static String jdbcConnectionString(TestDatabase database) {
		URI uri = serverUri(database);
		StringBuilder url = new StringBuilder("jdbc:postgresql://").append(uri.getHost())
			.append(':')
			.append(uri.getPort())
			.append(uri.getPath())
			.append("?user=")
			.append(encode(database.username()));
		if (database.password() != null) {
			url.append("&password=").append(encode(database.password()));
		}
		return url.toString();
	}

	/** {@code postgres://user[:password]@host:port/db}, the shape of the original library. */
	static String postgresConnectionString(TestDatabase database) {
		URI uri = serverUri(database);
		StringBuilder url = new StringBuilder("postgres://").append(encode(database.username()));
		if (database.password() != null) {
			url.append(':').append(encode(database.password()));
		}
		return url.append('@').append(uri.getHost()).append(':').append(uri.getPort()).append(uri.getPath()).toString();
	}

	private static URI serverUri(TestDatabase database) {
		return URI.create(database.jdbcUrl().substring("jdbc:".length()));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** The message of the failure and of each of its causes, outermost first (null messages left out). */
	static List<String> messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current.getMessage() != null) {
				messages.add(current.getMessage());
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return messages;
	}

	static boolean tableExists(TestDatabase database, String schema, String table) {
		return jdbc(database).sql("SELECT to_regclass(?) IS NOT NULL")
			.param(schema + "." + table)
			.query(Boolean.class)
			.single();
	}

	static boolean schemaExists(TestDatabase database, String schema) {
		return jdbc(database).sql("SELECT count(*) FROM pg_namespace WHERE nspname = ?")
			.param(schema)
			.query(Integer.class)
			.single() == 1;
	}

}
