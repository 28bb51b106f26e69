package dev.systemauth.core.flow;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class SignInFlowTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private CoreFixture fixture;

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void loginWhenRightPasswordThenTokensForTheOnlyWorkspace() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		TokenPair tokens = login(email, PASSWORD, null);
		assertThat(tokens.userId()).isEqualTo(signup.userId());
		assertThat(tokens.workspaceId()).isEqualTo(signup.workspaceId());
		assertThat(this.fixture.accessTokens().verify(tokens.accessToken()).workspaceId())
			.isEqualTo(signup.workspaceId());
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'success' AND user_id = ?""",
				signup.userId())).isEqualTo(1);
	}

	@Test
	void loginWhenEmailInOtherCaseThenSameAccount() {
		start(false);
		SignupResult signup = this.fixture.signup("Bob@Example.test", PASSWORD);
		assertThat(login("  BOB@EXAMPLE.TEST ", PASSWORD, null).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenWrongPasswordThenInvalidCredentials() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email, "violet lantern orbits the quarries", null), AuthErrorCode.INVALID_CREDENTIALS);
		assertAuthError(() -> login(email, PASSWORD.toUpperCase(), null), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'failure' AND user_id = ?""",
				signup.userId())).isEqualTo(2);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).isEqualTo(1);
	}

	@Test
	void loginWhenUnknownEmailThenInvalidCredentialsIndistinguishableFromWrongPassword() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		AuthException wrongPassword = assertAuthError(() -> login(email, "not the right passphrase", null),
				AuthErrorCode.INVALID_CREDENTIALS);
		AuthException unknownEmail = assertAuthError(
				() -> login(CoreFixture.uniqueEmail(), "not the right passphrase", null),
				AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(unknownEmail.getMessage()).isEqualTo(wrongPassword.getMessage());
		assertThat(unknownEmail.getProperties()).isEqualTo(wrongPassword.getProperties()).isEmpty();
		assertThat(unknownEmail.getMessage()).doesNotContain(email);
	}

	@Test
	void loginWhenNotVerifiedAndVerificationRequiredThenEmailNotVerified() {
		start(true);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email, PASSWORD, null), AuthErrorCode.EMAIL_NOT_VERIFIED);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).isZero();
	}

	@Test
	void loginWhenNotVerifiedAndWrongPasswordThenInvalidCredentialsNotEmailNotVerified() {
		start(true);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email, "not the right passphrase", null), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void loginWhenAccountSuspendedThenAccountDisabled() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		this.fixture.accounts().updateStatus(signup.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant());
		assertAuthError(() -> login(email, PASSWORD, null), AuthErrorCode.ACCOUNT_DISABLED);
	}

	@Test
	void loginWhenTwoWorkspacesAndNoneChosenThenWorkspaceSelectionRequiredListingBoth() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		AuthException ex = assertAuthError(() -> login(email, PASSWORD, null),
				AuthErrorCode.WORKSPACE_SELECTION_REQUIRED);
		assertThat(ex.getProperties()).containsKey("workspaces");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> workspaces = (List<Map<String, Object>>) ex.getProperties().get("workspaces");
		assertThat(workspaces).extracting((choice) -> choice.get("workspaceId"))
			.containsExactlyInAnyOrder(signup.workspaceId().toString(), second.id().toString());
		assertThat(workspaces).filteredOn((choice) -> second.id().toString().equals(choice.get("workspaceId")))
			.singleElement()
			.satisfies((choice) -> assertThat(choice).containsEntry("slug", second.slug())
				.containsEntry("name", second.name())
				.containsEntry("role", "member"));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).isEqualTo(1);
	}

	@Test
	void loginWhenTwoWorkspacesAndOneChosenThenTokensForIt() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		TokenPair tokens = login(email, PASSWORD, second.id());
		assertThat(tokens.workspaceId()).isEqualTo(second.id());
		assertThat(this.fixture.accessTokens().verify(tokens.accessToken()).workspaceId()).isEqualTo(second.id());
		assertThat(login(email, PASSWORD, signup.workspaceId()).workspaceId()).isEqualTo(signup.workspaceId());
	}

	@Test
	void loginWhenChosenWorkspaceIsNotTheUsersThenMembershipInactive() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		SignupResult stranger = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		assertAuthError(() -> login(email, PASSWORD, stranger.workspaceId()), AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertAuthError(() -> login(email, PASSWORD, UUID.randomUUID()), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void loginWhenSuspendedInOneOfTwoWorkspacesThenTheActiveOneIsChosen() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		this.fixture.workspaces().suspendMember(signup.workspaceId(), signup.userId(), CLIENT);
		assertThat(login(email, PASSWORD, null).workspaceId()).isEqualTo(second.id());
		assertAuthError(() -> login(email, PASSWORD, signup.workspaceId()), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void loginWhenNoActiveMembershipThenMembershipInactive() {
		start(false);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		this.fixture.workspaces().removeMember(signup.workspaceId(), signup.userId(), CLIENT);
		assertAuthError(() -> login(email, PASSWORD, null), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void switchWorkspaceWhenMemberThenTokensBoundToTarget() {
		start(false);
		SignupResult signup = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		TokenPair tokens = this.fixture.workspaceSwitch().switchWorkspace(signup.userId(), this.fixture.sessions().start(signup.userId(), signup.workspaceId()).sessionId(), second.id(), CLIENT);
		assertThat(tokens.workspaceId()).isEqualTo(second.id());
		assertThat(this.fixture.accessTokens().verify(tokens.accessToken()).workspaceId()).isEqualTo(second.id());
		assertThat(this.fixture.signIn().refresh(new AuthRequests.Refresh(tokens.refreshToken()), CLIENT)
			.workspaceId()).isEqualTo(second.id());
	}

	@Test
	void switchWorkspaceWhenNotMemberThenMembershipInactive() {
		start(false);
		SignupResult signup = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		SignupResult stranger = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		assertAuthError(() -> this.fixture.workspaceSwitch().switchWorkspace(signup.userId(), this.fixture.sessions().start(signup.userId(), signup.workspaceId()).sessionId(), stranger.workspaceId(), CLIENT),
				AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE workspace_id = ? AND user_id = ?""",
				stranger.workspaceId(), signup.userId())).isZero();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = 'workspace_switched' AND outcome = 'denied' AND user_id = ?""", signup.userId()))
			.isEqualTo(1);
	}

	@Test
	void switchWorkspaceWhenMembershipSuspendedThenMembershipInactive() {
		start(false);
		SignupResult signup = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		this.fixture.workspaces().suspendMember(second.id(), signup.userId(), CLIENT);
		assertAuthError(() -> this.fixture.workspaceSwitch().switchWorkspace(signup.userId(), this.fixture.sessions().start(signup.userId(), signup.workspaceId()).sessionId(), second.id(), CLIENT),
				AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	private Workspace secondWorkspace(UUID userId) {
		Workspace workspace = this.fixture.workspaces().createWorkspace("Second team", null, CLIENT);
		this.fixture.workspaces().addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		return workspace;
	}

	private void start(boolean requireEmailVerification) {
		this.fixture = CoreFixture.builder().requireEmailVerification(requireEmailVerification).build();
	}

	private TokenPair login(String email, String password, UUID workspaceId) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, password, workspaceId), CLIENT);
	}

}
