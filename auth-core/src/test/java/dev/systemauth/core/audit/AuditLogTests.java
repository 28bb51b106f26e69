package dev.systemauth.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.jdbc.AuthDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class AuditLogTests {

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void recordWritesEveryColumn() {
		UUID workspaceId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		this.fixture.auditLog()
			.record(AuditEvent.of(AuditEventType.ACCESS_DENIED, AuditEvent.Outcome.DENIED, workspaceId, userId,
					new ClientInfo("198.51.100.7", "Mozilla/5.0"), Map.of("reason", "membership_inactive")));
		Map<String, Object> row = this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT workspace_id, user_id, event_type, outcome, ip, user_agent, details->>'reason' AS reason,
					occurred_at FROM ${schema}.audit_logs"""))
			.query()
			.singleRow();
		assertThat(row).containsEntry("workspace_id", workspaceId)
			.containsEntry("user_id", userId)
			.containsEntry("event_type", "access_denied")
			.containsEntry("outcome", "denied")
			.containsEntry("ip", "198.51.100.7")
			.containsEntry("user_agent", "Mozilla/5.0")
			.containsEntry("reason", "membership_inactive");
		assertThat(row.get("occurred_at")).isNotNull();
	}

	@Test
	void recordWhenDetailsHoldQuotesBackslashesAndControlCharactersThenStoredVerbatim() {
		String awkward = "say \"hi\" \\ path\\to\nnext line\ttab\u0001\u001f end";
		this.fixture.auditLog()
			.record(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.SUCCESS, null, null, ClientInfo.SERVER,
					Map.of("path", awkward, "key \"quoted\"", "v")));
		Map<String, Object> row = this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT details->>'path' AS path, details->>'key "quoted"' AS quoted FROM ${schema}.audit_logs"""))
			.query()
			.singleRow();
		assertThat(row).containsEntry("path", awkward).containsEntry("quoted", "v");
	}

	@Test
	void recordWhenDetailsHoldNulThenReplacedInsteadOfFailing() {
		this.fixture.auditLog()
			.record(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.FAILURE, null, null, ClientInfo.SERVER,
					Map.of("path", "/a\u0000b")));
		assertThat(this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT details->>'path' FROM ${schema}.audit_logs"))
			.query(String.class)
			.single()).isEqualTo("/a\uFFFDb");
	}

	@Test
	void toJsonSortsKeysAndEscapes() {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("b", "2");
		details.put("a", "\"1\"\n");
		assertThat(AuditLog.toJson(details)).isEqualTo("{\"a\":\"\\\"1\\\"\\u000a\",\"b\":\"2\"}");
		assertThat(AuditLog.toJson(Map.of())).isEqualTo("{}");
	}

	@Test
	void recordJoinsTheCallersTransaction() {
		AuditEvent event = AuditEvent.success(AuditEventType.LOGIN, null, UUID.randomUUID(), ClientInfo.SERVER);
		assertThatRuntimeException().isThrownBy(() -> this.fixture.database().inTransaction(() -> {
			this.fixture.auditLog().record(event);
			throw new IllegalStateException("the change failed");
		}));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs")).isZero();
		this.fixture.database().inTransaction(() -> this.fixture.auditLog().record(event));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs")).isEqualTo(1);
	}

	@Test
	void recordQuietlyWhenWriteFailsThenSwallowed() {
		AuditLog broken = new AuditLog(new AuthDatabase(this.fixture.database().dataSource(), "no_such_schema"));
		AuditEvent event = AuditEvent.success(AuditEventType.LOGIN, null, null, ClientInfo.SERVER);
		assertThatRuntimeException().isThrownBy(() -> broken.record(event));
		assertThatNoException().isThrownBy(() -> broken.recordQuietly(event));
	}

	@Test
	void clientInfoTruncatesLongValues() {
		ClientInfo client = new ClientInfo("1".repeat(100), "u".repeat(1000));
		assertThat(client.ip()).hasSize(64);
		assertThat(client.userAgent()).hasSize(512);
	}

}
