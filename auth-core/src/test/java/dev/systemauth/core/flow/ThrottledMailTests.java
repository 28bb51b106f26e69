package dev.systemauth.core.flow;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.throttle.ThrottleSettings;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that send mail under the {@link dev.systemauth.core.throttle.AbuseGuard}: beyond the per-recipient
 * limit they still answer normally but send nothing (known and unknown addresses alike), only messages sent
 * count toward that limit, beyond the per-IP limit they answer 429; and wrong verification codes count toward
 * the IP's credential limit.
 */
class ThrottledMailTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final Duration IP_WINDOW = Duration.ofMinutes(5);

	private static final Duration EMAIL_WINDOW = Duration.ofHours(1);

	private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.7", "JUnit");

	private static final ClientInfo OTHER = new ClientInfo("198.51.100.8", "JUnit");

	private CoreFixture fixture;

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void forgotPasswordWhenRecipientLimitReachedThenNoMoreMailYetAnswersNormally() {
		start(true, 10, 2, 30);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 4; i++) {
			forgotPassword(email, ATTACKER);
		}
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).isEqualTo(2);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.password_reset_tokens WHERE user_id = ?",
				signup.userId())).isEqualTo(2);
		String neighbour = CoreFixture.uniqueEmail();
		this.fixture.signup(neighbour, PASSWORD);
		forgotPassword(neighbour, ATTACKER);
		assertThat(mails(neighbour, AuthMail.Type.PASSWORD_RESET)).as("another recipient's own limit").isEqualTo(1);
		this.fixture.clock().advance(EMAIL_WINDOW);
		forgotPassword(email, ATTACKER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).as("after the window").isEqualTo(3);
	}

	@Test
	void forgotPasswordWhenUnknownEmailThenNothingSentNorCounted() {
		start(true, 10, 2, 30);
		String email = CoreFixture.uniqueEmail();
		for (int i = 0; i < 3; i++) {
			forgotPassword(email, ATTACKER);
		}
		assertThat(this.fixture.mailbox().all()).isEmpty();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE key LIKE 'mail:%'"))
			.isZero();
		this.fixture.signup(email, PASSWORD);
		forgotPassword(email, ATTACKER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).as("no limit spent while the address was unknown")
			.isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.throttle_counters WHERE key LIKE 'mail:%' AND hits = 1""")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE position(? in key) > 0",
				email.substring(0, email.indexOf('@')))).as("no address in a key").isZero();
	}

	@Test
	void mailRequestsWhenTheySendNothingThenRecipientLimitUntouchedAndResetStillSent() {
		start(true, 10, 2, 100);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		verifyByCode(email, Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION)), OTHER);
		SignupResult foreign = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		for (int i = 0; i < 5; i++) {
			this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(email), ATTACKER);
			this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, foreign.workspaceId()),
					ATTACKER);
		}
		assertThat(mails(email, AuthMail.Type.EMAIL_VERIFICATION)).as("only the signup's").isEqualTo(1);
		assertThat(mails(email, AuthMail.Type.MAGIC_LINK)).isZero();
		forgotPassword(email, OTHER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).as("the owner's reset still goes out").isEqualTo(1);
		forgotPassword(email, OTHER);
		forgotPassword(email, OTHER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).as("the limit still stops real sends").isEqualTo(2);
	}

	@Test
	void mailRequestsWhenDifferentKindsToOneRecipientThenTheyShareItsLimit() {
		start(false, 10, 2, 30);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		int afterSignup = this.fixture.mailbox().to(email).size();
		forgotPassword(email, ATTACKER);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null), ATTACKER);
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(email), ATTACKER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).isEqualTo(1);
		assertThat(mails(email, AuthMail.Type.MAGIC_LINK)).isEqualTo(1);
		assertThat(this.fixture.mailbox().to(email)).hasSize(afterSignup + 2);
	}

	@Test
	void mailRequestsWhenIpBeyondLimitThenTooManyRequestsAndNothingSent() {
		start(true, 10, 5, 3);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		forgotPassword(CoreFixture.uniqueEmail(), ATTACKER);
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(CoreFixture.uniqueEmail()),
				ATTACKER);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(CoreFixture.uniqueEmail(), null),
				ATTACKER);
		AuthException refused = assertAuthError(() -> forgotPassword(email, ATTACKER),
				AuthErrorCode.TOO_MANY_REQUESTS);
		assertThat(refused.getProperties()).containsEntry("retryAfter", IP_WINDOW.toSeconds());
		assertAuthError(() -> this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null),
				ATTACKER), AuthErrorCode.TOO_MANY_REQUESTS);
		assertAuthError(() -> this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(email),
				ATTACKER), AuthErrorCode.TOO_MANY_REQUESTS);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).isZero();
		assertThat(mails(email, AuthMail.Type.MAGIC_LINK)).isZero();
		forgotPassword(email, OTHER);
		assertThat(mails(email, AuthMail.Type.PASSWORD_RESET)).as("another IP gets through").isEqualTo(1);
	}

	@Test
	void mailRequestsWhenServerSideThenNeverIpLimited() {
		start(true, 10, 5, 3);
		for (int i = 0; i < 6; i++) {
			forgotPassword(CoreFixture.uniqueEmail(), ClientInfo.SERVER);
		}
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE key LIKE 'ip:%'"))
			.isZero();
	}

	@Test
	void verifyEmailWhenWrongCodesFromOneIpBeyondLimitThenTooManyRequests() {
		start(true, 3, 5, 30);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		for (int i = 0; i < 3; i++) {
			assertAuthError(() -> verifyByCode(email, wrong(code), ATTACKER), AuthErrorCode.INVALID_CODE);
		}
		AuthException refused = assertAuthError(() -> verifyByCode(email, code, ATTACKER),
				AuthErrorCode.TOO_MANY_REQUESTS);
		assertThat(refused.getProperties()).containsEntry("retryAfter", IP_WINDOW.toSeconds());
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isFalse();
		assertAuthError(() -> this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), ATTACKER),
				AuthErrorCode.TOO_MANY_REQUESTS);
		verifyByCode(email, code, OTHER);
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isTrue();
	}

	private void start(boolean requireEmailVerification, int ipMaxAttempts, int emailMaxPerRecipient,
			int ipMaxEmailRequests) {
		this.fixture = CoreFixture.builder()
			.requireEmailVerification(requireEmailVerification)
			.throttle(new ThrottleSettings(true, 5, Duration.ofMinutes(15), ipMaxAttempts, IP_WINDOW,
					emailMaxPerRecipient, EMAIL_WINDOW, ipMaxEmailRequests))
			.build();
	}

	private void forgotPassword(String email, ClientInfo client) {
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(email), client);
	}

	private void verifyByCode(String email, String code, ClientInfo client) {
		this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(email, code, null), client);
	}

	private long mails(String email, AuthMail.Type type) {
		return this.fixture.mailbox().to(email).stream().filter((mail) -> mail.type() == type).count();
	}

	private static String wrong(String code) {
		char last = code.charAt(code.length() - 1);
		return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
	}

}
