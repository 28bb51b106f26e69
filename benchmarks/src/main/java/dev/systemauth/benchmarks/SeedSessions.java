package dev.systemauth.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Stores sessions straight into {@code auth.sessions} and {@code auth.refresh_tokens} for the memory script,
 * because a real login costs a bcrypt hash (about 90 ms) and 100k of them would take hours.
 * <ul>
 * <li>{@code bulk <jdbc-url> <user-id> <workspace-id> <count>}: one {@code INSERT ... SELECT ... FROM
 * generate_series} of {@code count} active sessions, each its own family, with random token hashes that no
 * client can present;</li>
 * <li>{@code usable <jdbc-url> <user-id> <workspace-id> <count> <token-hash-secret> <tokens-file>}:
 * {@code count} active sessions whose refresh tokens are written to {@code tokens-file}, one a line, hashed
 * with the app's token-hash secret exactly as the app does, so that the app's own refresh path can rotate
 * them;</li>
 * <li>{@code stats <jdbc-url>}: prints {@code {"rows":..,"sessions":..,"rotated_sessions":..,"audit_rows":..}}
 * (sessions are families; rotated ones hold more than one row).</li>
 * </ul>
 */
public final class SeedSessions {

	private static final String BULK = """
			WITH started AS (
			  INSERT INTO auth.sessions (user_id, workspace_id, created_at, last_used_at, expires_at)
			  SELECT ?, ?, now(), now(), now() + interval '14 days' FROM generate_series(1, ?)
			  RETURNING id, user_id, workspace_id)
			INSERT INTO auth.refresh_tokens (workspace_id, user_id, family_id, token_hash, created_at, expires_at)
			SELECT s.workspace_id, s.user_id, s.id,
			       translate(rtrim(encode(sha256(convert_to(s.id::text, 'UTF8')), 'base64'), '='), '+/', '-_'),
			       now(), now() + interval '14 days'
			FROM started s""";

	private static final String INSERT = """
			WITH started AS (
			  INSERT INTO auth.sessions (id, user_id, workspace_id, created_at, last_used_at, expires_at)
			  VALUES (?, ?, ?, now(), now(), now() + interval '14 days')
			  RETURNING id, user_id, workspace_id)
			INSERT INTO auth.refresh_tokens (workspace_id, user_id, family_id, token_hash, created_at, expires_at)
			SELECT s.workspace_id, s.user_id, s.id, ?, now(), now() + interval '14 days' FROM started s""";

	private static final String STATS = """
			SELECT count(*), count(DISTINCT family_id),
			       (SELECT count(*) FROM (SELECT 1 FROM auth.refresh_tokens GROUP BY family_id HAVING count(*) > 1) r),
			       (SELECT count(*) FROM auth.audit_logs)
			FROM auth.refresh_tokens""";

	private SeedSessions() {
	}

	public static void main(String[] args) throws Exception {
		try (Connection connection = DriverManager.getConnection(args[1], "postgres", "")) {
			switch (args[0]) {
				case "bulk" -> bulk(connection, UUID.fromString(args[2]), UUID.fromString(args[3]),
						Integer.parseInt(args[4]));
				case "usable" -> usable(connection, UUID.fromString(args[2]), UUID.fromString(args[3]),
						Integer.parseInt(args[4]), args[5], Path.of(args[6]));
				case "stats" -> stats(connection);
				default -> throw new IllegalArgumentException("unknown command " + args[0]);
			}
		}
	}

	private static void bulk(Connection connection, UUID userId, UUID workspaceId, int count) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement(BULK)) {
			insert.setObject(1, userId);
			insert.setObject(2, workspaceId);
			insert.setInt(3, count);
			System.err.println("inserted " + insert.executeUpdate() + " sessions");
		}
		analyze(connection);
	}

	private static void usable(Connection connection, UUID userId, UUID workspaceId, int count, String secret,
			Path tokensFile) throws SQLException, IOException {
		TokenHasher hasher = new TokenHasher(secret.getBytes(StandardCharsets.UTF_8));
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement(INSERT);
				PrintWriter tokens = new PrintWriter(Files.newBufferedWriter(tokensFile, StandardCharsets.US_ASCII))) {
			for (int i = 0; i < count; i++) {
				String token = SecureTokens.newToken();
				insert.setObject(1, UUID.randomUUID());
				insert.setObject(2, userId);
				insert.setObject(3, workspaceId);
				insert.setString(4, hasher.hash(token));
				insert.addBatch();
				tokens.println(token);
			}
			insert.executeBatch();
			connection.commit();
		}
		connection.setAutoCommit(true);
		System.err.println("inserted " + count + " sessions with usable refresh tokens");
		analyze(connection);
	}

	private static void analyze(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("ANALYZE auth.refresh_tokens");
		}
	}

	private static void stats(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(STATS)) {
			rs.next();
			System.out.printf("{\"rows\":%d,\"sessions\":%d,\"rotated_sessions\":%d,\"audit_rows\":%d}%n",
					rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
		}
	}

}
