package dev.systemauth.core.account;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.audit.ClientInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class UserStatusServiceTests {

	private CoreFixture fixture;

	private UserStatusService statuses;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
		this.statuses = new UserStatusService(this.fixture.database(), this.fixture.accounts(), this.fixture.auditLog(),
				this.fixture.clock());
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void changeStatusWhenUserExistsThenStatusWrittenWithItsAuditRow() {
		UUID userId = insertUser();
		assertThat(this.statuses.changeStatus(userId, UserStatus.SUSPENDED, new ClientInfo("198.51.100.7", "admin")))
			.isTrue();
		assertThat(this.fixture.accounts().findById(userId).orElseThrow().status()).isEqualTo("suspended");
		assertThat(auditRows(userId)).containsExactly(Map.of("event_type", "user_status_changed", "outcome", "success",
				"status", "suspended", "ip", "198.51.100.7"));
	}

	@Test
	void changeStatusWhenUserUnknownThenNothingWritten() {
		UUID userId = UUID.randomUUID();
		assertThat(this.statuses.changeStatus(userId, UserStatus.DELETED)).isFalse();
		assertThat(auditRows(userId)).isEmpty();
	}

	@Test
	void changeStatusWhenAuditInsertFailsThenStatusRolledBack() {
		UUID userId = insertUser();
		execute("""
				CREATE FUNCTION ${schema}.user_status_audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					RAISE EXCEPTION 'injected audit failure';
				END
				$$""");
		execute("""
				CREATE TRIGGER user_status_audit_fails BEFORE INSERT ON ${schema}.audit_logs FOR EACH ROW
				EXECUTE FUNCTION ${schema}.user_status_audit_fails()""");
		try {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.statuses.changeStatus(userId, UserStatus.SUSPENDED))
				.withStackTraceContaining("injected audit failure");
		}
		finally {
			execute("DROP FUNCTION ${schema}.user_status_audit_fails() CASCADE");
		}
		assertThat(this.fixture.accounts().findById(userId).orElseThrow().status()).isEqualTo("active");
	}

	private void execute(String sql) {
		this.fixture.jdbc().sql(this.fixture.sql(sql)).update();
	}

	private UUID insertUser() {
		UUID userId = UUID.randomUUID();
		assertThat(this.fixture.accounts()
			.insert(userId, "status-" + userId + "@example.test", "not-a-hash", true, this.fixture.clock().instant()))
			.isTrue();
		return userId;
	}

	private List<Map<String, Object>> auditRows(UUID userId) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT event_type, outcome, details->>'status' AS status, ip FROM ${schema}.audit_logs
					WHERE user_id = ?"""))
			.param(userId)
			.query()
			.listOfRows();
	}

}
