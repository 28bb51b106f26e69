package dev.systemauth.core.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.AccessTokenClaims;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh rotation, reuse detection and revocation, through the classic provider on a real database.
 */
class SessionServiceTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void refreshWhenValidThenNewRefreshTokenAndOldOneRevoked() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
		assertThat(second.userId()).isEqualTo(first.userId());
		assertThat(second.workspaceId()).isEqualTo(first.workspaceId());
		AccessTokenClaims claims = this.fixture.accessTokens().verify(second.accessToken());
		assertThat(claims.userId()).isEqualTo(first.userId());
		assertThat(claims.workspaceId()).isEqualTo(first.workspaceId());
		Map<String, Object> old = row(first.refreshToken());
		Map<String, Object> successor = row(second.refreshToken());
		assertThat(old.get("revoked_at")).isNotNull();
		assertThat(old.get("rotated_at")).isNotNull();
		assertThat(old.get("revoked_reason")).isEqualTo("rotated");
		assertThat(old.get("replaced_by_id")).isEqualTo(successor.get("id"));
		assertThat(successor.get("family_id")).isEqualTo(old.get("family_id"));
		assertThat(successor.get("revoked_at")).isNull();
		// the successor works in turn
		assertThat(refresh(second.refreshToken()).refreshToken()).isNotEqualTo(second.refreshToken());
	}

	@Test
	void refreshWhenTokenReusedThenFamilyRevoked() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh(second.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ? AND revoked_at IS NULL""",
				row(first.refreshToken()).get("family_id"))).isZero();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = 'refresh_reuse_detected' AND outcome = 'denied' AND user_id = ? AND workspace_id = ?""",
				first.userId(), first.workspaceId())).isEqualTo(1);
	}

	@Test
	void refreshWhenTokenReusedThenOtherSessionsOfTheUserSurvive() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair stolen = login(email);
		TokenPair otherDevice = login(email);
		refresh(stolen.refreshToken());
		assertAuthError(() -> refresh(stolen.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(refresh(otherDevice.refreshToken()).userId()).isEqualTo(otherDevice.userId());
	}

	@Test
	void refreshWhenExpiredThenInvalidToken() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair early = login(email);
		TokenPair late = login(email);
		this.fixture.clock().advance(CoreFixture.REFRESH_TTL.minusMinutes(1));
		assertThat(refresh(early.refreshToken()).userId()).isEqualTo(early.userId());
		this.fixture.clock().advance(Duration.ofMinutes(2));
		assertAuthError(() -> refresh(late.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenExpiredThenNotTreatedAsReuse() {
		TokenPair pair = login();
		this.fixture.clock().advance(CoreFixture.REFRESH_TTL.plusSeconds(1));
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count(
				"SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh_reuse_detected'")).isZero();
	}

	@Test
	void refreshWhenTwentyThreadsPresentTheSameTokenThenExactlyOneSucceeds() throws Exception {
		TokenPair pair = login();
		List<Race.Attempt<TokenPair>> attempts = Race.run(20, (i) -> refresh(pair.refreshToken()));
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded())
			.hasSize(19)
			.allSatisfy((attempt) -> {
				assertThat(attempt.error()).isInstanceOf(AuthException.class);
				assertThat(((AuthException) attempt.error()).getErrorCode()).isEqualTo(AuthErrorCode.INVALID_TOKEN);
			});
		// one rotation: the family holds the presented token and exactly one successor
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ?",
				row(pair.refreshToken()).get("family_id"))).isEqualTo(2);
	}

	@Test
	void refreshWhenUnknownTokenThenInvalidToken() {
		login();
		assertAuthError(() -> refresh(SecureTokens.newToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh("x".repeat(513)), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenAccessTokenPresentedThenInvalidToken() {
		TokenPair pair = login();
		assertAuthError(() -> refresh(pair.accessToken()), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenBlankThenValidationFailed() {
		assertAuthError(() -> refresh(" "), AuthErrorCode.VALIDATION_FAILED);
		assertAuthError(() -> refresh(null), AuthErrorCode.VALIDATION_FAILED);
	}

	@Test
	void logoutRevokesTheWholeFamily() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		this.fixture.signIn().logout(new AuthRequests.Refresh(second.refreshToken()), CLIENT);
		assertAuthError(() -> refresh(second.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ? AND revoked_at IS NULL""",
				row(first.refreshToken()).get("family_id"))).isZero();
		assertThat(row(second.refreshToken()).get("revoked_reason")).isEqualTo("logout");
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'logout' AND user_id = ?""",
				first.userId())).isEqualTo(1);
	}

	@Test
	void logoutLeavesOtherSessionsAlive() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair ended = login(email);
		TokenPair other = login(email);
		this.fixture.signIn().logout(new AuthRequests.Refresh(ended.refreshToken()), CLIENT);
		assertAuthError(() -> refresh(ended.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(refresh(other.refreshToken()).userId()).isEqualTo(other.userId());
	}

	@Test
	void logoutWhenUnknownTokenThenIgnored() {
		this.fixture.signIn().logout(new AuthRequests.Refresh(SecureTokens.newToken()), CLIENT);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'logout'"))
			.isZero();
	}

	@Test
	void refreshWhenMembershipRemovedThenMembershipInactive() {
		TokenPair pair = login();
		assertThat(this.fixture.workspaces().removeMember(pair.workspaceId(), pair.userId(), CLIENT)).isTrue();
		// removal ends the member's sessions in the workspace, and refresh says why
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertThat(row(pair.refreshToken()).get("revoked_reason")).isEqualTo("membership_removed");
	}

	@Test
	void refreshWhenMembershipNoLongerActiveButSessionNotRevokedThenMembershipInactive() {
		TokenPair pair = login();
		// the membership ends behind the library's back: the per-refresh check still catches it
		this.fixture.jdbc()
			.sql(this.fixture.sql("""
					UPDATE ${schema}.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?"""))
			.params(pair.workspaceId(), pair.userId())
			.update();
		assertThat(row(pair.refreshToken()).get("revoked_at")).isNull();
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void refreshWhenUserSuspendedThenMembershipInactive() {
		TokenPair pair = login();
		assertThat(this.fixture.accounts().updateStatus(pair.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant()))
			.isTrue();
		assertAuthError(() -> refresh(pair.refreshToken()), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void refreshWhenMembershipInOtherWorkspaceRemovedThenStillWorks() {
		TokenPair pair = login();
		Workspace other = this.fixture.workspaces().createWorkspace("Other", null, CLIENT);
		this.fixture.workspaces().addMember(other.id(), pair.userId(), MembershipRole.MEMBER, CLIENT);
		this.fixture.workspaces().removeMember(other.id(), pair.userId(), CLIENT);
		assertThat(refresh(pair.refreshToken()).workspaceId()).isEqualTo(pair.workspaceId());
	}

	@Test
	void storedTokenHashNeverEqualsTheRawToken() {
		String email = CoreFixture.uniqueEmail();
		TokenPair atSignup = this.fixture.signup(email, PASSWORD).tokens();
		TokenPair first = login(email);
		TokenPair second = refresh(first.refreshToken());
		List<String> raw = List.of(atSignup.refreshToken(), first.refreshToken(), second.refreshToken());
		for (String token : raw) {
			assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE token_hash = ?", token))
				.isZero();
			assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE token_hash = ?",
					this.fixture.tokenHasher().hash(token)))
				.isEqualTo(1);
		}
		List<String> stored = this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT token_hash FROM ${schema}.refresh_tokens"))
			.query(String.class)
			.list();
		assertThat(stored).hasSize(3);
		assertThat(stored).allSatisfy((hash) -> raw.forEach((token) -> assertThat(hash).doesNotContain(token)));
	}

	@Test
	void refreshTokensAreUrlSafeAndUnguessable() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		assertThat(first.refreshToken()).matches("[A-Za-z0-9_-]{43}");
		assertThat(second.refreshToken()).matches("[A-Za-z0-9_-]{43}");
		assertThat(first.expiresIn()).isEqualTo(CoreFixture.ACCESS_TTL.toSeconds());
	}

	private TokenPair login() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		return login(email);
	}

	private TokenPair login(String email) {
		return this.fixture.login(email, PASSWORD);
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.refresh(refreshToken);
	}

	private Map<String, Object> row(String refreshToken) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT id, family_id, replaced_by_id, rotated_at, revoked_at, revoked_reason
					FROM ${schema}.refresh_tokens WHERE token_hash = ?"""))
			.param(this.fixture.tokenHasher().hash(refreshToken))
			.query()
			.singleRow();
	}

}
