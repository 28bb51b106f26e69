package dev.systemauth.core.flow;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.TokenPair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way in ends in the session hub: each sign-in path gives a live session row that records the client
 * it came from, and an audit row of the way in.
 */
class SessionStartTests {

	private static final String PASSWORD = "copper kettle hums at dawn";

	private static final ClientInfo DEVICE = new ClientInfo("198.51.100.7", "SessionStartTests/1.0");

	private CoreFixture fixture;

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void loginWhenPasswordRightThenSessionRecordsDeviceAndLoginAudited() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		TokenPair tokens = this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), DEVICE);
		assertSessionFromDevice(tokens);
		assertAudited("login", tokens);
	}

	@Test
	void signupWhenNoVerificationRequiredThenSessionRecordsDevice() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
		SignupResult result = this.fixture.signupFlow()
			.signup(new AuthRequests.Signup(CoreFixture.uniqueEmail(), PASSWORD, null, null), DEVICE);
		assertThat(result.tokens()).isNotNull();
		assertSessionFromDevice(result.tokens());
		assertAudited("signup", result.tokens());
	}

	@Test
	void consumeMagicLinkThenSessionRecordsDeviceAndConsumptionAudited() {
		this.fixture = CoreFixture.create();
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null), DEVICE);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.MAGIC_LINK));
		TokenPair tokens = this.fixture.magicLink().consumeMagicLink(token, null, DEVICE);
		assertSessionFromDevice(tokens);
		assertAudited("magic_link_consumed", tokens);
	}

	@Test
	void switchWorkspaceThenChildSessionRecordsDeviceAndSwitchAudited() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace other = this.fixture.workspaces().createWorkspace("Other", "other-" + shortId(), DEVICE);
		this.fixture.workspaces().addMember(other.id(), signup.userId(), MembershipRole.MEMBER, DEVICE);
		TokenPair first = this.fixture.signIn()
			.login(new AuthRequests.Login(email, PASSWORD, signup.workspaceId()), CoreFixture.CLIENT);
		TokenPair switched = this.fixture.workspaceSwitch()
			.switchWorkspace(signup.userId(), first.sessionId(), other.id(), DEVICE);
		assertSessionFromDevice(switched);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.sessions WHERE id = ? AND parent_id = ?",
				switched.sessionId(), first.sessionId())).isEqualTo(1);
		assertAudited("workspace_switched", switched);
	}

	private void assertSessionFromDevice(TokenPair tokens) {
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.sessions
				WHERE id = ? AND user_id = ? AND workspace_id = ? AND revoked_at IS NULL AND ip = ? AND user_agent = ?""",
				tokens.sessionId(), tokens.userId(), tokens.workspaceId(), DEVICE.ip(), DEVICE.userAgent()))
			.isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ? AND revoked_at IS NULL""",
				tokens.sessionId())).isEqualTo(1);
		assertThat(this.fixture.accessTokens().verify(tokens.accessToken()).sessionId()).isEqualTo(tokens.sessionId());
	}

	private void assertAudited(String eventType, TokenPair tokens) {
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = ? AND outcome = 'success' AND user_id = ? AND workspace_id = ? AND ip = ?""",
				eventType, tokens.userId(), tokens.workspaceId(), DEVICE.ip())).isEqualTo(1);
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
