package dev.systemauth.migrations;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL connection string in either of the two usual shapes: {@code postgres://user:pass@host:5432/db}
 * (or {@code postgresql://}) as in the original library, or {@code jdbc:postgresql://host:5432/db}.
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param username the user name, or {@code null} when the URL carries none
 * @param password the password, or {@code null} when the URL carries none
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&;])password=[^&;]*",
			Pattern.CASE_INSENSITIVE);

	public DatabaseUrl {
		Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
	}

	/**
	 * Parses a connection string.
	 * @param value the connection string
	 * @return the parsed URL
	 * @throws IllegalArgumentException when the value is neither shape
	 */
	public static DatabaseUrl parse(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("database URL must not be empty");
		}
		String trimmed = value.trim();
		if (trimmed.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(trimmed, null, null);
		}
		if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
			throw new IllegalArgumentException(
					"database URL must start with postgres://, postgresql:// or jdbc:postgresql:");
		}
		URI uri;
		try {
			uri = URI.create(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("database URL is not a valid URI", ex);
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("database URL has no host");
		}
		StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
		if (uri.getPort() != -1) {
			jdbc.append(':').append(uri.getPort());
		}
		jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
		if (uri.getRawQuery() != null) {
			jdbc.append('?').append(uri.getRawQuery());
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
			password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
		}
		return new DatabaseUrl(jdbc.toString(), username, password);
	}

	/** Percent-decoding only: a {@code +} in a user name or password is a literal plus. */
	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** The JDBC URL with any {@code password} parameter masked, safe to print. */
	public String redactedJdbcUrl() {
		return PASSWORD_PARAMETER.matcher(this.jdbcUrl).replaceAll("$1password=****");
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + redactedJdbcUrl() + ", user=" + this.username + "]";
	}

}
