package dev.systemauth.core.session;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.tenant.AccessDecision;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions as the unit of trust (issue 10, High 1): every token carries its session, ending a session ends
 * all of its tokens, and a workspace switch needs a live session and ends with it.
 */
class SessionLifecycleTests {

	private static final String PASSWORD = "quartz lantern over seven ridges";

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(true).refreshReuseGrace(Duration.ofSeconds(10)).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void loginWhenSucceededThenAccessTokenCarriesTheSessionOfItsRefreshToken() {
		TokenPair tokens = newSession();
		UUID sid = this.fixture.accessTokens().verify(tokens.accessToken()).sessionId();
		assertThat(sid).isEqualTo(tokens.sessionId());
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ?", sid))
			.isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.sessions WHERE id = ? AND user_id = ? AND ip = ? AND user_agent = ?""",
				sid, tokens.userId(), CLIENT.ip(), CLIENT.userAgent())).isEqualTo(1);
		TokenPair refreshed = this.fixture.refresh(tokens.refreshToken());
		assertThat(this.fixture.accessTokens().verify(refreshed.accessToken()).sessionId()).isEqualTo(sid);
	}

	@Test
	void logoutWhenDoneThenAccessTokenOfTheSessionRefusedAtOnce() {
		TokenPair tokens = newSession();
		assertThat(access(tokens).sessionLive()).isTrue();
		this.fixture.signIn().logout(new AuthRequests.Refresh(tokens.refreshToken()), CLIENT);
		assertThat(access(tokens).sessionLive()).isFalse();
		assertThat(this.fixture.workspaces().isSessionLive(tokens.sessionId(), tokens.userId())).isFalse();
	}

	/** The reproduced High 1: logout, then mint a new session with the old access token. */
	@Test
	void switchWorkspaceWhenSessionLoggedOutThenRefused() {
		TokenPair tokens = newSession();
		this.fixture.signIn().logout(new AuthRequests.Refresh(tokens.refreshToken()), CLIENT);
		assertAuthError(() -> switchTo(tokens, tokens.workspaceId()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.sessions WHERE user_id = ? AND revoked_at IS NULL",
				tokens.userId())).isZero();
	}

	@Test
	void switchWorkspaceWhenParentEndsThenChildEndsAndTwoTabsWorkUntilThen() {
		TokenPair parent = newSession();
		Workspace second = secondWorkspace(parent.userId());
		TokenPair child = switchTo(parent, second.id());
		assertThat(child.sessionId()).isNotEqualTo(parent.sessionId());
		TokenPair grandchild = switchTo(child, parent.workspaceId());
		// both tabs keep working
		TokenPair parentRefreshed = this.fixture.refresh(parent.refreshToken());
		TokenPair childRefreshed = this.fixture.refresh(child.refreshToken());
		assertThat(access(parentRefreshed).sessionLive()).isTrue();
		assertThat(access(childRefreshed).sessionLive()).isTrue();
		this.fixture.signIn().logout(new AuthRequests.Refresh(parentRefreshed.refreshToken()), CLIENT);
		assertThat(access(child).sessionLive()).isFalse();
		assertThat(access(grandchild).sessionLive()).isFalse();
		assertAuthError(() -> this.fixture.refresh(childRefreshed.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> this.fixture.refresh(grandchild.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void endOwnedWhenChildEndedThenParentGoesOn() {
		TokenPair parent = newSession();
		TokenPair child = switchTo(parent, secondWorkspace(parent.userId()).id());
		assertThat(this.fixture.sessions().endOwned(parent.userId(), child.sessionId(), CLIENT)).isTrue();
		assertThat(access(child).sessionLive()).isFalse();
		assertThat(access(parent).sessionLive()).isTrue();
		assertThat(this.fixture.refresh(parent.refreshToken()).sessionId()).isEqualTo(parent.sessionId());
	}

	@Test
	void endOwnedWhenSessionOfAnotherUserThenNothingEnds() {
		TokenPair mine = newSession();
		TokenPair theirs = newSession();
		assertThat(this.fixture.sessions().endOwned(mine.userId(), theirs.sessionId(), CLIENT)).isFalse();
		assertThat(this.fixture.sessions().endOwned(mine.userId(), UUID.randomUUID(), CLIENT)).isFalse();
		assertThat(access(theirs).sessionLive()).isTrue();
		assertThat(this.fixture.sessions().liveSessions(mine.userId())).extracting(SessionRecord::id)
			.containsExactly(mine.sessionId());
	}

	@Test
	void endAllWhenLoggedOutEverywhereThenEverySessionEnds() {
		String email = verifiedAccount();
		TokenPair first = this.fixture.login(email, PASSWORD);
		TokenPair second = this.fixture.login(email, PASSWORD);
		assertThat(this.fixture.sessions().liveSessions(first.userId())).hasSize(2);
		assertThat(this.fixture.sessions().endAll(first.userId(), CLIENT)).isEqualTo(2);
		assertThat(access(first).sessionLive()).isFalse();
		assertThat(access(second).sessionLive()).isFalse();
		assertThat(this.fixture.sessions().liveSessions(first.userId())).isEmpty();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'logout_all' AND user_id = ?""",
				first.userId())).isEqualTo(1);
	}

	@Test
	void reuseDetectedWhenRotatedTokenReplayedThenSessionAndItsChildrenEnd() {
		TokenPair tokens = newSession();
		TokenPair child = switchTo(tokens, secondWorkspace(tokens.userId()).id());
		this.fixture.refresh(tokens.refreshToken());
		this.fixture.clock().advance(Duration.ofSeconds(11));
		assertAuthError(() -> this.fixture.refresh(tokens.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(access(tokens).sessionLive()).isFalse();
		assertThat(access(child).sessionLive()).isFalse();
	}

	@Test
	void userDisabledWhenStatusChangedThenEverySessionEnds() {
		TokenPair tokens = newSession();
		this.fixture.accounts().updateStatus(tokens.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant());
		assertThat(this.fixture.workspaces().isSessionLive(tokens.sessionId(), tokens.userId())).isFalse();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.sessions WHERE user_id = ? AND revoked_reason = 'user_suspended'""",
				tokens.userId())).isEqualTo(1);
	}

	@Test
	void membershipSuspendedWhenCheckedThenMembershipInactiveBeforeSessionEnded() {
		TokenPair tokens = newSession();
		this.fixture.workspaces().suspendMember(tokens.workspaceId(), tokens.userId(), CLIENT);
		AccessDecision decision = access(tokens);
		assertThat(decision.role()).isEmpty();
		assertThat(decision.sessionLive()).isFalse();
	}

	/**
	 * Item 8: the grace replay must not hand tokens to a member who was suspended meanwhile, even by a script
	 * that wrote the row directly and ended no session.
	 */
	@Test
	void graceReplayWhenMembershipSuspendedThenRefused() {
		TokenPair tokens = newSession();
		this.fixture.refresh(tokens.refreshToken());
		this.fixture.jdbc()
			.sql(this.fixture.sql("""
					UPDATE ${schema}.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?"""))
			.params(tokens.workspaceId(), tokens.userId())
			.update();
		assertThat(catchCode(() -> this.fixture.refresh(tokens.refreshToken()))).isIn(AuthErrorCode.INVALID_TOKEN,
				AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	/** Item 8: the grace replay still works for a live session of an active member. */
	@Test
	void graceReplayWhenSessionLiveThenSameSuccessor() {
		TokenPair tokens = newSession();
		TokenPair first = this.fixture.refresh(tokens.refreshToken());
		TokenPair replay = this.fixture.refresh(tokens.refreshToken());
		assertThat(replay.refreshToken()).isEqualTo(first.refreshToken());
		assertThat(replay.sessionId()).isEqualTo(tokens.sessionId());
	}

	/** Item 8: a replay within the grace after the session ended (logout) gives nothing. */
	@Test
	void graceReplayWhenSessionEndedThenRefused() {
		TokenPair tokens = newSession();
		TokenPair first = this.fixture.refresh(tokens.refreshToken());
		this.fixture.signIn().logout(new AuthRequests.Refresh(first.refreshToken()), CLIENT);
		assertAuthError(() -> this.fixture.refresh(tokens.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	/** Item 8: an end racing with rotations never leaves a usable successor behind. */
	@Test
	void endWhenRacingWithRefreshThenNoSuccessorSurvives() throws Exception {
		for (int round = 0; round < 15; round++) {
			TokenPair tokens = newSession();
			List<Race.Attempt<TokenPair>> attempts = Race.run(2, (index) -> {
				if (index == 0) {
					return this.fixture.refresh(tokens.refreshToken());
				}
				this.fixture.sessions().end(tokens.sessionId(), "test");
				return null;
			});
			TokenPair successor = attempts.get(0).value();
			if (successor != null) {
				assertAuthError(() -> this.fixture.refresh(successor.refreshToken()), AuthErrorCode.INVALID_TOKEN);
				assertThat(access(successor).sessionLive()).isFalse();
			}
			assertThat(this.fixture.count("""
					SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ? AND revoked_at IS NULL""",
					tokens.sessionId())).as("round %d", round).isZero();
		}
	}

	/** A switch racing with the end of its parent never leaves a live child behind. */
	@Test
	void switchWhenRacingWithLogoutThenNoChildSurvives() throws Exception {
		for (int round = 0; round < 15; round++) {
			TokenPair tokens = newSession();
			Workspace second = secondWorkspace(tokens.userId());
			Race.run(2, (index) -> {
				if (index == 0) {
					return switchTo(tokens, second.id());
				}
				this.fixture.signIn().logout(new AuthRequests.Refresh(tokens.refreshToken()), CLIENT);
				return null;
			});
			assertThat(this.fixture.count("""
					SELECT count(*) FROM ${schema}.sessions WHERE user_id = ? AND revoked_at IS NULL""",
					tokens.userId())).as("round %d", round).isZero();
		}
	}

	/** A verified account with no session yet (signup starts none while verification is pending). */
	private String verifiedAccount() {
		String email = CoreFixture.uniqueEmail();
		UUID userId = this.fixture.signup(email, PASSWORD).userId();
		this.fixture.accounts().markEmailVerified(userId, this.fixture.clock().instant());
		return email;
	}

	private TokenPair newSession() {
		return this.fixture.login(verifiedAccount(), PASSWORD);
	}

	private AccessDecision access(TokenPair tokens) {
		return this.fixture.workspaces().access(tokens.sessionId(), tokens.workspaceId(), tokens.userId());
	}

	private TokenPair switchTo(TokenPair from, UUID workspaceId) {
		return this.fixture.workspaceSwitch().switchWorkspace(from.userId(), from.sessionId(), workspaceId, CLIENT);
	}

	private Workspace secondWorkspace(UUID userId) {
		Workspace workspace = this.fixture.workspaces().createWorkspace("Second team", null, CLIENT);
		this.fixture.workspaces().addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		return workspace;
	}

	private static AuthErrorCode catchCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
		assertThat(thrown).isInstanceOf(dev.systemauth.core.error.AuthException.class);
		return ((dev.systemauth.core.error.AuthException) thrown).getErrorCode();
	}

}
