package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.Race;
import dev.systemauth.core.StatementCounter;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class EmailVerificationFlowTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private final StatementCounter counter = new StatementCounter();

	private CoreFixture fixture;

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void verifyEmailWhenCodeFromMailThenLoginWorks() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email), AuthErrorCode.EMAIL_NOT_VERIFIED);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		assertThat(code).matches("[0-9]{6}");
		verifyByCode(email.toUpperCase(), code);
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isTrue();
		assertThat(login(email).userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'email_verified' AND outcome = 'success'
				AND user_id = ?""", signup.userId())).isEqualTo(1);
	}

	@Test
	void verifyEmailWhenWrongCodeFiveTimesThenEvenTheRightCodeIsRefused() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		for (int i = 0; i < 5; i++) {
			assertAuthError(() -> verifyByCode(email, wrong(code)), AuthErrorCode.INVALID_CODE);
		}
		assertAuthError(() -> verifyByCode(email, code), AuthErrorCode.INVALID_CODE);
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isFalse();
		assertAuthError(() -> login(email), AuthErrorCode.EMAIL_NOT_VERIFIED);
	}

	@Test
	void verifyEmailWhenFourWrongCodesThenTheRightCodeStillWorks() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		for (int i = 0; i < 4; i++) {
			assertAuthError(() -> verifyByCode(email, wrong(code)), AuthErrorCode.INVALID_CODE);
		}
		verifyByCode(email, code);
		assertThat(login(email)).isNotNull();
	}

	@Test
	void verifyEmailWhenCodeUsedTwiceThenInvalidCode() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		verifyByCode(email, code);
		assertAuthError(() -> verifyByCode(email, code), AuthErrorCode.INVALID_CODE);
	}

	@Test
	void verifyEmailWhenCodeExpiredThenInvalidCode() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		this.fixture.clock().advance(this.fixture.settings().verificationTtl().plusSeconds(1));
		assertAuthError(() -> verifyByCode(email, code), AuthErrorCode.INVALID_CODE);
	}

	@Test
	void verifyEmailWhenCodeOfAnotherAccountThenInvalidCode() {
		start(VerificationMode.CODE);
		String alice = CoreFixture.uniqueEmail();
		String bob = CoreFixture.uniqueEmail();
		this.fixture.signup(alice, PASSWORD);
		this.fixture.signup(bob, PASSWORD);
		String aliceCode = Mailbox.code(this.fixture.mailbox().last(alice, AuthMail.Type.EMAIL_VERIFICATION));
		String bobCode = Mailbox.code(this.fixture.mailbox().last(bob, AuthMail.Type.EMAIL_VERIFICATION));
		if (!aliceCode.equals(bobCode)) {
			assertAuthError(() -> verifyByCode(bob, aliceCode), AuthErrorCode.INVALID_CODE);
		}
		verifyByCode(bob, bobCode);
		assertAuthError(() -> login(alice), AuthErrorCode.EMAIL_NOT_VERIFIED);
	}

	@Test
	void verifyEmailWhenUnknownEmailOrWrongLengthThenInvalidCode() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		assertAuthError(() -> verifyByCode(CoreFixture.uniqueEmail(), code), AuthErrorCode.INVALID_CODE);
		assertAuthError(() -> verifyByCode(email, code + "0"), AuthErrorCode.INVALID_CODE);
		assertAuthError(() -> verifyByCode(email, code.substring(1)), AuthErrorCode.INVALID_CODE);
		// a wrong length is not counted as an attempt: the code still works
		verifyByCode(email, code);
	}

	@Test
	void verifyEmailWhenUnknownEmailOrWrongLengthThenSameStatementsAsWrongCode() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		List<String> wrongCode = roundTripsOfRefused(email, wrong(code));
		assertThat(wrongCode).as("a wrong code locks the code, counts the attempt and is audited")
			.anySatisfy((sql) -> assertThat(sql).contains("FOR UPDATE"))
			.anySatisfy((sql) -> assertThat(sql).contains("SET attempts = attempts + 1"))
			.anySatisfy((sql) -> assertThat(sql).contains("audit_logs"))
			.contains("COMMIT");
		int transactions = this.counter.transactions();
		assertThat(roundTripsOfRefused(CoreFixture.uniqueEmail(), wrong(code))).as("unknown email")
			.isEqualTo(wrongCode);
		assertThat(this.counter.transactions()).isEqualTo(transactions);
		assertThat(roundTripsOfRefused(email, code + "0")).as("wrong length").isEqualTo(wrongCode);
		assertThat(this.counter.transactions()).isEqualTo(transactions);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'email_verified' AND outcome = 'failure'
				AND user_id IS NULL""")).as("the unknown email's failure is audited").isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'email_verified' AND outcome = 'failure'
				AND user_id = ?""", signup.userId())).isEqualTo(2);
		// only the well-formed wrong code was counted against the real code
		assertThat(this.fixture.count("""
				SELECT max(attempts) FROM ${schema}.email_verification_tokens WHERE user_id = ?""", signup.userId()))
			.isEqualTo(1);
		verifyByCode(email, code);
	}

	@Test
	void verifyEmailWhenCodeAttemptsExhaustedThenSameStatementsAsWrongCode() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		List<String> wrongCode = roundTripsOfRefused(email, wrong(code));
		for (int i = 1; i < this.fixture.settings().maxCodeAttempts(); i++) {
			assertAuthError(() -> verifyByCode(email, wrong(code)), AuthErrorCode.INVALID_CODE);
		}
		assertThat(roundTripsOfRefused(email, code)).as("dead code").isEqualTo(wrongCode);
	}

	@Test
	void verifyEmailWhenUnknownLinkTokenThenSameStatementsAsUsedToken() {
		start(VerificationMode.CLICK);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		verifyByToken(token);
		this.counter.reset();
		assertAuthError(() -> verifyByToken(token), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		List<String> usedToken = this.counter.roundTrips();
		this.counter.reset();
		assertAuthError(() -> verifyByToken("unknown-" + token), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		assertThat(this.counter.roundTrips()).isEqualTo(usedToken);
	}

	@Test
	void resendVerificationWhenNewCodeSentThenOldCodeIsDead() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String first = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(email), CLIENT);
		assertThat(this.fixture.mailbox().to(email)).hasSize(2);
		String second = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		if (!first.equals(second)) {
			assertAuthError(() -> verifyByCode(email, first), AuthErrorCode.INVALID_CODE);
		}
		verifyByCode(email, second);
		assertThat(login(email)).isNotNull();
	}

	@Test
	void resendVerificationWhenUnknownOrAlreadyVerifiedThenNothingSent() {
		start(VerificationMode.CODE);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		verifyByCode(email, Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION)));
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(email), CLIENT);
		String unknown = CoreFixture.uniqueEmail();
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(unknown), CLIENT);
		assertThat(this.fixture.mailbox().to(email)).hasSize(1);
		assertThat(this.fixture.mailbox().to(unknown)).isEmpty();
	}

	@Test
	void verifyEmailWhenLinkTokenThenVerified() {
		start(VerificationMode.CLICK);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		AuthMail mail = this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION);
		assertThat(Mailbox.link(mail)).startsWith(CoreFixture.BASE_URL + "/verify-email?token=");
		String token = Mailbox.token(mail);
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertAuthError(() -> login(email), AuthErrorCode.EMAIL_NOT_VERIFIED);
		verifyByToken(token);
		assertThat(login(email).userId()).isEqualTo(signup.userId());
	}

	@Test
	void verifyEmailWhenLinkTokenUsedTwiceThenInvalidOrExpiredToken() {
		start(VerificationMode.CLICK);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		verifyByToken(token);
		assertAuthError(() -> verifyByToken(token), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
	}

	@Test
	void verifyEmailWhenLinkTokenExpiredThenInvalidOrExpiredToken() {
		start(VerificationMode.CLICK);
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		this.fixture.clock().advance(this.fixture.settings().verificationTtl().plus(Duration.ofSeconds(1)));
		assertAuthError(() -> verifyByToken(token), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		assertThat(this.fixture.accounts().findById(signup.userId()).orElseThrow().isEmailVerified()).isFalse();
	}

	@Test
	void verifyEmailWhenUnknownLinkTokenThenInvalidOrExpiredToken() {
		start(VerificationMode.CLICK);
		this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
		assertAuthError(() -> verifyByToken("not-a-real-token"), AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
	}

	@Test
	void verifyEmailWhenTwoConcurrentUsesOfOneLinkThenExactlyOneSucceeds() throws Exception {
		start(VerificationMode.CLICK);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		List<Race.Attempt<Boolean>> attempts = Race.run(2, (i) -> {
			verifyByToken(token);
			return true;
		});
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.error()).isInstanceOf(AuthException.class);
			assertThat(((AuthException) attempt.error()).getErrorCode())
				.isEqualTo(AuthErrorCode.INVALID_OR_EXPIRED_TOKEN);
		});
	}

	private void start(VerificationMode mode) {
		this.fixture = CoreFixture.builder()
			.requireEmailVerification(true)
			.verificationMode(mode)
			.dataSource(this.counter::wrap)
			.build();
	}

	/** The round trips of a verification that is refused as an invalid code. */
	private List<String> roundTripsOfRefused(String email, String code) {
		this.counter.reset();
		assertAuthError(() -> verifyByCode(email, code), AuthErrorCode.INVALID_CODE);
		return this.counter.roundTrips();
	}

	private void verifyByCode(String email, String code) {
		this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(email, code, null), CLIENT);
	}

	private void verifyByToken(String token) {
		this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(null, null, token), CLIENT);
	}

	private TokenPair login(String email) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), CLIENT);
	}

	/** The code with its last digit changed: same length, never equal. */
	private static String wrong(String code) {
		char last = code.charAt(code.length() - 1);
		return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
	}

}
