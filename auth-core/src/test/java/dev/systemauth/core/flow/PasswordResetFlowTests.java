package dev.systemauth.core.flow;

import java.util.List;

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
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PasswordResetFlowTests {

	private static final String OLD_PASSWORD = "violet lantern orbits the quarry";

	private static final String NEW_PASSWORD = "tr0ub4dor and three more words";

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
	void forgotPasswordWhenUnknownEmailThenNothingSentAndReturnsNormally() {
		this.fixture.signup(CoreFixture.uniqueEmail(), OLD_PASSWORD);
		int mailsBefore = this.fixture.mailbox().all().size();
		String unknown = CoreFixture.uniqueEmail();
		assertThatNoException().isThrownBy(() -> forgot(unknown));
		assertThat(this.fixture.mailbox().all()).hasSize(mailsBefore);
		assertThat(this.fixture.mailbox().to(unknown)).isEmpty();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.password_reset_tokens")).isZero();
	}

	@Test
	void forgotPasswordWhenAccountSuspendedThenNothingSent() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, OLD_PASSWORD);
		this.fixture.accounts().updateStatus(signup.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant());
		forgot(email);
		assertThat(this.fixture.mailbox().to(email)).noneMatch((mail) -> mail.type() == AuthMail.Type.PASSWORD_RESET);
	}

	@Test
	void forgotPasswordWhenKnownEmailThenLinkFromConfiguredBaseUrlAndOnlyHashStored() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		forgot(email.toUpperCase());
		AuthMail mail = this.fixture.mailbox().last(email, AuthMail.Type.PASSWORD_RESET);
		assertThat(Mailbox.link(mail)).startsWith(CoreFixture.BASE_URL + "/reset-password?token=");
		String token = Mailbox.token(mail);
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.password_reset_tokens WHERE token_hash = ?",
				token)).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.password_reset_tokens WHERE token_hash = ?",
				this.fixture.tokenHasher().hash(token))).isEqualTo(1);
	}

	@Test
	void resetPasswordChangesThePasswordAndRevokesAllRefreshTokens() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, OLD_PASSWORD);
		TokenPair before = login(email, OLD_PASSWORD);
		String token = requestReset(email);
		reset(token, NEW_PASSWORD);
		assertAuthError(() -> login(email, OLD_PASSWORD), AuthErrorCode.INVALID_CREDENTIALS);
		assertAuthError(() -> refresh(before.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh(signup.tokens().refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ? AND revoked_at IS NULL""",
				signup.userId())).isZero();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ? AND revoked_reason = 'password_reset'""",
				signup.userId())).isEqualTo(2);
		TokenPair after = login(email, NEW_PASSWORD);
		assertThat(after.userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'password_reset_completed' AND user_id = ?""",
				signup.userId())).isEqualTo(1);
	}

	@Test
	void resetPasswordWhenTokenUsedTwiceThenInvalidOrExpiredToken() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		reset(token, NEW_PASSWORD);
		assertAuthError(() -> reset(token, "yet another fine passphrase"), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenTwoConcurrentUsesOfOneTokenThenExactlyOneSucceeds() throws Exception {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		List<String> passwords = List.of("first racing passphrase", "second racing passphrase");
		List<Race.Attempt<String>> attempts = Race.run(2, (i) -> {
			reset(token, passwords.get(i));
			return passwords.get(i);
		});
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		Race.Attempt<String> loser = attempts.stream()
			.filter((attempt) -> !attempt.succeeded())
			.findFirst()
			.orElseThrow();
		assertThat(loser.error()).isInstanceOf(AuthException.class);
		assertThat(((AuthException) loser.error()).getErrorCode()).isEqualTo(AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		String winner = attempts.stream().filter(Race.Attempt::succeeded).findFirst().orElseThrow().value();
		assertThat(login(email, winner)).isNotNull();
		assertAuthError(() -> login(email, passwords.get(loser.index())), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void resetPasswordWhenTokenExpiredThenRefusedAndPasswordUnchanged() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		this.fixture.clock().advance(this.fixture.settings().resetPasswordTtl().plusSeconds(1));
		assertAuthError(() -> reset(token, NEW_PASSWORD), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		assertThat(login(email, OLD_PASSWORD)).isNotNull();
		assertAuthError(() -> login(email, NEW_PASSWORD), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void resetPasswordWhenTokenAlmostExpiredThenAccepted() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		this.fixture.clock().advance(this.fixture.settings().resetPasswordTtl().minusSeconds(1));
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenWeakPasswordThenRefusedAndTokenStillUsable() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		assertAuthError(() -> reset(token, "password123"), AuthErrorCode.WEAK_PASSWORD);
		assertThat(login(email, OLD_PASSWORD)).isNotNull();
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenBreachedPasswordThenRefusedAndTokenStillUsable() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		AuthException ex = assertAuthError(() -> reset(token, "password1234"), AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "too_common");
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenPasswordContainsEmailLocalPartThenRefusedAndTokenStillUsable() {
		String email = "rosalind-" + CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String token = requestReset(email);
		AuthException ex = assertAuthError(() -> reset(token, "Rosalind forever 1920"), AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "contains_email");
		assertThat(login(email, OLD_PASSWORD)).isNotNull();
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenOneOfTwoLinksUsedThenTheOtherIsDead() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		String older = requestReset(email);
		String newer = requestReset(email);
		assertThat(newer).isNotEqualTo(older);
		reset(newer, NEW_PASSWORD);
		assertAuthError(() -> reset(older, "an attacker's passphrase"), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		assertThat(login(email, NEW_PASSWORD)).isNotNull();
	}

	@Test
	void resetPasswordWhenUnknownOrMissingTokenThenRefused() {
		this.fixture.signup(CoreFixture.uniqueEmail(), OLD_PASSWORD);
		assertAuthError(() -> reset("made-up-token", NEW_PASSWORD), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		AuthException missing = assertAuthError(() -> reset(null, NEW_PASSWORD), AuthErrorCode.VALIDATION_FAILED);
		assertThat(missing.getProperties()).containsEntry("field", "token");
	}

	@Test
	void resetPasswordWhenMagicLinkOutstandingThenItIsDead() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, OLD_PASSWORD);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null), CLIENT);
		String magic = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.MAGIC_LINK));
		reset(requestReset(email), NEW_PASSWORD);
		assertAuthError(() -> this.fixture.magicLink().consumeMagicLink(magic, null, CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	private String requestReset(String email) {
		forgot(email);
		return Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.PASSWORD_RESET));
	}

	private void forgot(String email) {
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(email), CLIENT);
	}

	private void reset(String token, String password) {
		this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(token, password), CLIENT);
	}

	private TokenPair login(String email, String password) {
		return this.fixture.login(email, password);
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.refresh(refreshToken);
	}

}
