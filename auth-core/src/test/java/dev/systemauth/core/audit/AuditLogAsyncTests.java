package dev.systemauth.core.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access rows written in the background, in multi-row batches.
 */
class AuditLogAsyncTests {

	private CoreFixture fixture;

	private AuditLog auditLog;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
		this.auditLog = new AuditLog(this.fixture.database());
	}

	@AfterEach
	void dropFixture() {
		this.auditLog.close();
		this.fixture.close();
	}

	@Test
	void recordAsyncWhenManyEventsThenAllWrittenInFewerStatementsThanEvents() throws Exception {
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 1200; i++) {
			this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.SUCCESS, null, user,
					CoreFixture.CLIENT, Map.of("n", Integer.toString(i))));
		}
		long deadline = System.currentTimeMillis() + 10_000;
		while (count(user) < 1200 && System.currentTimeMillis() < deadline) {
			Thread.sleep(50);
		}
		assertThat(count(user)).isEqualTo(1200);
		assertThat(this.fixture.count("""
				SELECT count(DISTINCT details->>'n') FROM ${schema}.audit_logs WHERE user_id = ?""", user))
			.isEqualTo(1200);
	}

	@Test
	void recordAsyncWhenEventsTrickleInThenTheyAreGatheredIntoFewStatements() throws Exception {
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 100; i++) {
			this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.SUCCESS, null, user,
					CoreFixture.CLIENT, Map.of("n", Integer.toString(i))));
			Thread.sleep(1);
		}
		awaitCount(user, 100);
		// one row per wake-up would be about 100 statements; gathering for 200 ms makes it one or two
		assertThat(this.auditLog.batchesWritten()).isLessThanOrEqualTo(5);
	}

	@Test
	void recordAsyncWhenBatchedThenRowsKeepTheirFieldsAndTimes() throws Exception {
		UUID user = UUID.randomUUID();
		UUID workspace = UUID.randomUUID();
		this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.DENIED, workspace, user,
				CoreFixture.CLIENT, Map.of("route", "/tenant/\"quoted\"")));
		this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.SUCCESS, null, user,
				new ClientInfo(null, null), Map.of()));
		awaitCount(user, 2);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE user_id = ? AND workspace_id = ? AND outcome = 'denied'
				AND ip = ? AND user_agent = ? AND details->>'route' = '/tenant/"quoted"'
				AND occurred_at > now() - interval '1 minute'""", user, workspace, CoreFixture.CLIENT.ip(),
				CoreFixture.CLIENT.userAgent())).isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE user_id = ? AND workspace_id IS NULL
				AND ip IS NULL AND user_agent IS NULL AND details = '{}'::jsonb""", user)).isEqualTo(1);
	}

	@Test
	void recordAsyncWhenClockGivenThenRowCarriesItsTime() throws Exception {
		Instant at = Instant.parse("2031-02-03T04:05:06Z");
		AuditLog clocked = new AuditLog(this.fixture.database(), Clock.fixed(at, ZoneOffset.UTC));
		try {
			UUID user = UUID.randomUUID();
			clocked.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.SUCCESS, null, user,
					CoreFixture.CLIENT, Map.of()));
			awaitCount(user, 1);
			assertThat(this.fixture.count("""
					SELECT count(*) FROM ${schema}.audit_logs WHERE user_id = ? AND occurred_at = ?""", user,
					java.sql.Timestamp.from(at))).isOne();
		}
		finally {
			clocked.close();
		}
	}

	@Test
	void closeWhenEventsQueuedThenTheyAreWrittenFirst() {
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 50; i++) {
			this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.FAILURE, null, user,
					CoreFixture.CLIENT, Map.of("route", "/tenant/me")));
		}
		this.auditLog.close();
		assertThat(count(user)).isEqualTo(50);
		this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, AuditEvent.Outcome.FAILURE, null, user,
				CoreFixture.CLIENT, Map.of()));
		assertThat(count(user)).as("nothing is taken after close").isEqualTo(50);
	}

	private void awaitCount(UUID user, long expected) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (count(user) < expected && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		assertThat(count(user)).isEqualTo(expected);
	}

	private long count(UUID user) {
		return this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs WHERE user_id = ? AND event_type = 'access'",
				user);
	}

}
