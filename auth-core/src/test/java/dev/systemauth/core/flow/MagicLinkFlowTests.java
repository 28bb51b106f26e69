package dev.systemauth.core.flow;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class MagicLinkFlowTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(true).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void consumeMagicLinkGivesTokensAndMarksEmailVerified() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email), AuthErrorCode.EMAIL_NOT_VERIFIED);
		String token = requestLink(email, null);
		TokenPair tokens = consume(token);
		assertThat(tokens.userId()).isEqualTo(signup.userId());
		assertThat(tokens.workspaceId()).isEqualTo(signup.workspaceId());
		assertThat(this.fixture.accessTokens().verify(tokens.accessToken()).userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isTrue();
	}

	/**
	 * Pre-account takeover (issue 10, High 2): an attacker signs up with the victim's address and a password
	 * of their own; the victim later signs in by magic link. The attacker's password must not open the account,
	 * and any session the attacker had must end.
	 */
	@Test
	void consumeMagicLinkWhenAccountNeverVerifiedThenSquattersPasswordClearedAndSessionsEnded() {
		String victim = CoreFixture.uniqueEmail();
		SignupResult squatter = this.fixture.signup(victim, PASSWORD);
		TokenPair squatterSession = this.fixture.sessions().start(squatter.userId(), squatter.workspaceId());
		TokenPair tokens = consume(requestLink(victim, null));
		assertThat(tokens.userId()).isEqualTo(squatter.userId());
		assertAuthError(() -> login(victim), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(this.fixture.accounts().findById(squatter.userId()).orElseThrow().passwordHash()).isNull();
		assertThat(this.fixture.workspaces().isSessionLive(squatterSession.sessionId(), squatter.userId())).isFalse();
		assertAuthError(() -> this.fixture.refresh(squatterSession.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.workspaces().isSessionLive(tokens.sessionId(), squatter.userId())).isTrue();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = 'unverified_account_claimed' AND user_id = ? AND details->>'channel' = 'magic_link'""",
				squatter.userId())).isEqualTo(1);
		// the owner of the mailbox sets a password with a reset
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(victim), CLIENT);
	}

	@Test
	void consumeMagicLinkWhenAccountVerifiedThenPasswordAndOtherSessionsKept() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		this.fixture.accounts().markEmailVerified(signup.userId(), this.fixture.clock().instant());
		TokenPair other = this.fixture.sessions().start(signup.userId(), signup.workspaceId());
		consume(requestLink(email, null));
		assertThat(login(email).userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.workspaces().isSessionLive(other.sessionId(), other.userId())).isTrue();
	}

	@Test
	void requestMagicLinkSendsALinkFromTheConfiguredBaseUrl() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null), CLIENT);
		AuthMail mail = this.fixture.mailbox().last(email, AuthMail.Type.MAGIC_LINK);
		assertThat(Mailbox.link(mail)).startsWith(CoreFixture.BASE_URL + "/magic-link?token=");
		String token = Mailbox.token(mail);
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.magic_link_tokens WHERE token_hash = ?", token))
			.isZero();
	}

	@Test
	void consumeMagicLinkTwiceThenInvalidToken() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String token = requestLink(email, null);
		consume(token);
		assertAuthError(() -> consume(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void consumeMagicLinkConcurrentlyThenExactlyOneSession() throws Exception {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String token = requestLink(email, null);
		List<Race.Attempt<TokenPair>> attempts = Race.run(5, (i) -> consume(token));
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded()).hasSize(4).allSatisfy((attempt) -> {
			assertThat(attempt.error()).isInstanceOf(AuthException.class);
			assertThat(((AuthException) attempt.error()).getErrorCode()).isEqualTo(AuthErrorCode.INVALID_TOKEN);
		});
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).isEqualTo(1);
	}

	@Test
	void consumeMagicLinkWhenExpiredThenInvalidToken() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String token = requestLink(email, null);
		this.fixture.clock().advance(this.fixture.settings().magicLinkTtl().plusSeconds(1));
		assertAuthError(() -> consume(token), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void consumeMagicLinkWhenUnknownOrBlankThenRefused() {
		assertAuthError(() -> consume("made-up-token"), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> consume(" "), AuthErrorCode.VALIDATION_FAILED);
	}

	@Test
	void consumeMagicLinkWhenAccountSuspendedThenInvalidToken() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String token = requestLink(email, null);
		this.fixture.accounts().updateStatus(signup.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant());
		assertAuthError(() -> consume(token), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isZero();
	}

	@Test
	void requestMagicLinkWhenUnknownEmailThenNothingSent() {
		String unknown = CoreFixture.uniqueEmail();
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(unknown, null), CLIENT);
		assertThat(this.fixture.mailbox().all()).isEmpty();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.magic_link_tokens")).isZero();
	}

	@Test
	void requestMagicLinkWhenWorkspaceIsNotTheUsersThenNothingSent() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		SignupResult stranger = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		this.fixture.magicLink()
			.requestMagicLink(new AuthRequests.MagicLink(email, stranger.workspaceId()), CLIENT);
		assertThat(this.fixture.mailbox().to(email)).noneMatch((mail) -> mail.type() == AuthMail.Type.MAGIC_LINK);
	}

	@Test
	void consumeMagicLinkWhenLinkNamesOneOfTwoWorkspacesThenTokensForIt() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		assertThat(consume(requestLink(email, second.id())).workspaceId()).isEqualTo(second.id());
	}

	@Test
	void consumeMagicLinkWhenTwoWorkspacesAndLinkNamesNoneThenSelectionRequiredAndLinkUnused() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Workspace second = secondWorkspace(signup.userId());
		String token = requestLink(email, null);
		AuthException ex = assertAuthError(() -> consume(token), AuthErrorCode.WORKSPACE_SELECTION_REQUIRED);
		assertThat(ex.getProperties()).containsKey("workspaces");
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.magic_link_tokens WHERE token_hash = ? AND consumed_at IS NULL""",
				this.fixture.tokenHasher().hash(token))).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isZero();
		assertThat(second.id()).isNotEqualTo(signup.workspaceId());
	}

	private Workspace secondWorkspace(UUID userId) {
		Workspace workspace = this.fixture.workspaces().createWorkspace("Second team", null, CLIENT);
		this.fixture.workspaces().addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		return workspace;
	}

	private String requestLink(String email, UUID workspaceId) {
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, workspaceId), CLIENT);
		return Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.MAGIC_LINK));
	}

	private TokenPair consume(String token) {
		return this.fixture.magicLink().consumeMagicLink(token, null, CLIENT);
	}

	private TokenPair login(String email) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), CLIENT);
	}

}
