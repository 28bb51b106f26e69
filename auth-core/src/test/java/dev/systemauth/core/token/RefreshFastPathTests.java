package dev.systemauth.core.token;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.StatementCounter;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refresh of an active token of an active member is one statement in autocommit; every other case
 * answers and writes exactly what the transactional path always did. Statements are counted at the JDBC
 * boundary of the data source the core uses.
 */
class RefreshFastPathTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String AUDIT_COLUMNS = """
			SELECT workspace_id, user_id, event_type, outcome, ip, user_agent, details::text AS details
			FROM ${schema}.audit_logs""";

	private final StatementCounter counter = new StatementCounter();

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).dataSource(this.counter::wrap).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void refreshWhenTokenActiveThenOneStatementWithoutTransaction() {
		TokenPair first = login();
		this.counter.reset();
		TokenPair second = refresh(first.refreshToken());
		assertThat(this.counter.roundTrips()).as("round trips of one refresh").hasSize(1);
		assertThat(this.counter.transactions()).as("explicit transactions").isZero();
		assertThat(this.counter.connections()).isEqualTo(1);
		// the one statement did the whole rotation
		Map<String, Object> old = row(first.refreshToken());
		Map<String, Object> successor = row(second.refreshToken());
		assertThat(old.get("revoked_reason")).isEqualTo("rotated");
		assertThat(old.get("rotated_at")).isEqualTo(old.get("revoked_at")).isNotNull();
		assertThat(old.get("replaced_by_id")).isEqualTo(successor.get("id"));
		assertThat(successor.get("family_id")).isEqualTo(old.get("family_id"));
		assertThat(successor.get("revoked_at")).isNull();
		assertThat(((Timestamp) successor.get("expires_at")).toInstant())
			.isEqualTo(this.fixture.clock().instant().plus(CoreFixture.REFRESH_TTL));
		assertThat(refreshAudits(first.userId())).isEqualTo(1);
		// and so does the next one
		this.counter.reset();
		refresh(second.refreshToken());
		assertThat(this.counter.roundTrips()).hasSize(1);
		assertThat(this.counter.transactions()).isZero();
	}

	@Test
	void refreshWhenTokenActiveThenAuditRowSameAsTransactionalPath() {
		TokenPair fast = login();
		TokenPair slow = login();
		refresh(fast.refreshToken());
		// an inactive membership sends the refresh down the transactional path; a check that says "active"
		// then lets that path rotate the token as it always did, audit row included
		setMembershipStatus(slow, "suspended");
		this.counter.reset();
		this.fixture.sessions().refresh(slow.refreshToken(), (userId, workspaceId) -> true, CLIENT);
		assertThat(this.counter.transactions()).as("rotated by the transactional path").isEqualTo(1);
		Map<String, Object> fastRow = auditRow(fast.userId());
		Map<String, Object> slowRow = auditRow(slow.userId());
		assertThat(fastRow).containsEntry("workspace_id", fast.workspaceId()).containsEntry("user_id", fast.userId());
		assertThat(slowRow).containsEntry("workspace_id", slow.workspaceId()).containsEntry("user_id", slow.userId());
		assertThat(without(fastRow, "workspace_id", "user_id")).isEqualTo(without(slowRow, "workspace_id", "user_id"))
			.containsEntry("event_type", "refresh")
			.containsEntry("outcome", "success")
			.containsEntry("ip", CLIENT.ip())
			.containsEntry("user_agent", CLIENT.userAgent())
			.containsEntry("details", "{}");
		// and so is every column there is, should the audit log come to fill more of them
		assertThat(otherColumns(fast.userId())).isEqualTo(otherColumns(slow.userId()));
		// both stamped by the database, like every row AuditLog.record writes
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = 'refresh' AND occurred_at BETWEEN now() - interval '5 minutes' AND now()"""))
			.isEqualTo(2);
	}

	@Test
	void refreshWhenServerSideClientThenOneStatementAndNullIpAudited() {
		TokenPair pair = login();
		this.counter.reset();
		this.fixture.sessions()
			.refresh(pair.refreshToken(), (userId, workspaceId) -> true, new ClientInfo(null, null));
		assertThat(this.counter.roundTrips()).hasSize(1);
		assertThat(auditRow(pair.userId())).containsEntry("ip", null).containsEntry("user_agent", null);
		TokenPair next = login();
		this.fixture.sessions().refresh(next.refreshToken(), (userId, workspaceId) -> true, ClientInfo.SERVER);
		assertThat(auditRow(next.userId())).containsEntry("ip", null).containsEntry("user_agent", "server");
	}

	@ParameterizedTest(name = "membership {0}")
	@ValueSource(strings = { "suspended", "removed" })
	void refreshWhenMembershipEndedBehindTheLibrarysBackThenMembershipInactiveAndNothingWritten(String status) {
		TokenPair pair = login();
		setMembershipStatus(pair, status);
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertNothingWritten(pair);
	}

	@Test
	void refreshWhenMembershipSuspendedThenMembershipInactiveAndNothingWritten() {
		TokenPair pair = login();
		assertThat(this.fixture.workspaces().suspendMember(pair.workspaceId(), pair.userId(), CLIENT)).isTrue();
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertThat(familySize(pair.refreshToken())).isEqualTo(1);
		assertThat(row(pair.refreshToken()).get("revoked_reason")).isEqualTo("membership_suspended");
		assertThat(row(pair.refreshToken()).get("rotated_at")).isNull();
		assertThat(refreshAudits(pair.userId())).isZero();
	}

	@ParameterizedTest(name = "user {0}")
	@EnumSource(value = UserStatus.class, names = { "SUSPENDED", "DELETED" })
	void refreshWhenUserDisabledThenMembershipInactiveAndNothingWritten(UserStatus status) {
		TokenPair pair = login();
		assertThat(this.fixture.accounts().updateStatus(pair.userId(), status, this.fixture.clock().instant()))
			.isTrue();
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertNothingWritten(pair);
	}

	@Test
	void refreshWhenExpiredThenInvalidTokenAndNothingWritten() {
		TokenPair pair = login();
		this.fixture.clock().advance(CoreFixture.REFRESH_TTL);
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertNothingWritten(pair);
	}

	@Test
	void refreshWhenJustBeforeExpiryThenOneStatement() {
		TokenPair pair = login();
		this.fixture.clock().advance(CoreFixture.REFRESH_TTL.minus(Duration.ofMillis(1)));
		this.counter.reset();
		assertThat(refresh(pair.refreshToken()).userId()).isEqualTo(pair.userId());
		assertThat(this.counter.roundTrips()).hasSize(1);
	}

	@Test
	void refreshWhenUnknownTokenThenInvalidTokenAndNothingWritten() {
		TokenPair pair = login();
		assertAuthError(() -> refresh(SecureTokens.newToken()), AuthErrorCode.INVALID_TOKEN);
		assertNothingWritten(pair);
	}

	@Test
	void refreshWhenTokenReusedAfterFastRotationThenFamilyRevokedAndReuseAudited() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ? AND revoked_at IS NULL""",
				row(first.refreshToken()).get("family_id"))).isZero();
		assertThat(row(second.refreshToken()).get("revoked_reason")).isEqualTo("reuse_detected");
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh_reuse_detected'
				AND outcome = 'denied' AND user_id = ? AND details->>'revoked' = '1'""", first.userId())).isEqualTo(1);
		assertThat(refreshAudits(first.userId())).isEqualTo(1);
		assertAuthError(() -> refresh(second.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	private void assertNothingWritten(TokenPair pair) {
		assertThat(familySize(pair.refreshToken())).as("no successor").isEqualTo(1);
		Map<String, Object> presented = row(pair.refreshToken());
		assertThat(presented.get("rotated_at")).as("rotated_at").isNull();
		assertThat(presented.get("revoked_at")).as("revoked_at").isNull();
		assertThat(presented.get("replaced_by_id")).as("replaced_by_id").isNull();
		assertThat(refreshAudits(pair.userId())).as("no refresh audit row").isZero();
	}

	private void setMembershipStatus(TokenPair pair, String status) {
		this.fixture.jdbc()
			.sql(this.fixture.sql("""
					UPDATE ${schema}.workspace_members SET status = ? WHERE workspace_id = ? AND user_id = ?"""))
			.params(status, pair.workspaceId(), pair.userId())
			.update();
	}

	private long refreshAudits(UUID userId) {
		return this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh' AND user_id = ?""", userId);
	}

	private Map<String, Object> auditRow(UUID userId) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql(AUDIT_COLUMNS + " WHERE event_type = 'refresh' AND user_id = ?"))
			.param(userId)
			.query()
			.singleRow();
	}

	/** Every column of the user's refresh audit row but its id, time, workspace and user, as JSON. */
	private String otherColumns(UUID userId) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT (to_jsonb(a) - 'id' - 'occurred_at' - 'workspace_id' - 'user_id')::text
					FROM ${schema}.audit_logs a WHERE event_type = 'refresh' AND user_id = ?"""))
			.param(userId)
			.query(String.class)
			.single();
	}

	private static Map<String, Object> without(Map<String, Object> row, String... columns) {
		Map<String, Object> copy = new HashMap<>(row);
		List.of(columns).forEach(copy::remove);
		return copy;
	}

	private long familySize(String refreshToken) {
		return this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens
				WHERE family_id = (SELECT family_id FROM ${schema}.refresh_tokens WHERE token_hash = ?)""",
				this.fixture.tokenHasher().hash(refreshToken));
	}

	private TokenPair login() {
		return this.fixture.newSession(PASSWORD);
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.refresh(refreshToken);
	}

	private Map<String, Object> row(String refreshToken) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT id, family_id, replaced_by_id, expires_at, rotated_at, revoked_at, revoked_reason
					FROM ${schema}.refresh_tokens WHERE token_hash = ?"""))
			.param(this.fixture.tokenHasher().hash(refreshToken))
			.query()
			.singleRow();
	}

}
