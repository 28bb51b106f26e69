package dev.systemauth.core.audit;

import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Writes audit events to {@code audit_logs}.
 * <p>
 * {@link #record} joins the caller's transaction: the audit row of a state change commits or rolls back
 * with the change itself, so there is never a change without its audit row, nor an audit row for a change
 * that did not happen. {@link #recordQuietly} is for events with nothing to roll back (a refused login, a
 * denied request): it runs on its own and a failure to write is logged, never turned into a different
 * answer for the client.
 */
public final class AuditLog {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private static final String INSERT = """
			INSERT INTO ${schema}.audit_logs (workspace_id, user_id, event_type, outcome, ip, user_agent, details)
			VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""";

	private final AuthDatabase database;

	private final String insert;

	public AuditLog(AuthDatabase database) {
		this.database = database;
		this.insert = database.sql(INSERT);
	}

	/** Writes the event in the current transaction, if any; failures propagate. */
	public void record(AuditEvent event) {
		this.database.jdbc()
			.sql(this.insert)
			.params(event.workspaceId(), event.userId(), event.type(), event.outcome().value(), event.client().ip(),
					event.client().userAgent(), toJson(event.details()))
			.update();
	}

	/** Writes the event on its own; a failure is logged and swallowed. */
	public void recordQuietly(AuditEvent event) {
		try {
			record(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write audit event {} ({}): {}", event.type(), event.outcome().value(),
					ex.getClass().getSimpleName());
		}
	}

	static String toJson(Map<String, String> details) {
		StringBuilder json = new StringBuilder("{");
		boolean first = true;
		for (Map.Entry<String, String> entry : new TreeMap<>(details).entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			appendString(json, entry.getKey());
			json.append(':');
			appendString(json, entry.getValue());
		}
		return json.append('}').toString();
	}

	private static void appendString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c == 0) {
						json.append("\\ufffd");
					}
					else if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
