package dev.systemauth.core.jdbc;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The one definition of a valid schema name for the library's tables: a plain lower-case PostgreSQL
 * identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters), so that it can be written into SQL unquoted
 * and means the same folded or not.
 * <p>
 * {@code auth-migrations} cannot depend on the core and keeps the same check in
 * {@code AuthMigrations.requireValidSchema}; a test of the autoconfiguration, which sees both, pins them
 * to the same answers.
 */
public final class SchemaName {

	/** The rule, for messages. */
	public static final String RULE = "a plain lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters)";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private SchemaName() {
	}

	/**
	 * Whether a name is a valid schema name.
	 * @param schema the name, possibly {@code null}
	 * @return whether it is a plain lower-case identifier
	 */
	public static boolean isValid(@Nullable String schema) {
		return schema != null && IDENTIFIER.matcher(schema).matches();
	}

	/**
	 * Validates a schema name.
	 * @param schema the name
	 * @return the name
	 * @throws IllegalArgumentException when it is not {@linkplain #isValid valid}
	 */
	public static String require(@Nullable String schema) {
		if (!isValid(schema)) {
			throw new IllegalArgumentException("schema must be " + RULE + ", got '" + schema + "'");
		}
		return schema;
	}

}
