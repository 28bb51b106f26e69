package dev.systemauth.core.reliability;

import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every flow that writes several rows writes all of them or none: a real PostgreSQL trigger makes one insert of
 * the flow fail (usually its audit row, which is written last), and the test checks that nothing of the flow
 * was committed and that the secrets it was given still work once the failure is gone.
 */
class NoPartialWritesTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String NEW_PASSWORD = "tr0ub4dor and three more words";

	private static final String FAILURE_FUNCTION = "reliability_injected_failure";

	private static final String INJECTED = "reliability: injected failure";

	private CoreFixture fixture;

	private JdbcTemplate ddl;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
		this.ddl = new JdbcTemplate(this.fixture.database().dataSource());
	}

	@AfterEach
	void dropTriggerAndFixture() {
		try {
			removeInjectedFailure();
		}
		finally {
			this.fixture.close();
		}
	}

	@Test
	void signupWhenAuditInsertFailsThenNoUserLeft() {
		String email = CoreFixture.uniqueEmail();
		failInsertsInto("audit_logs", "NEW.event_type = 'signup'");
		assertInjectedFailure(() -> this.fixture.signup(email, PASSWORD));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users WHERE email = ?", email)).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspace_members")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs"))
			.as("no workspace_created or membership_added row of the rolled-back signup")
			.isZero();
		assertThat(this.fixture.mailbox().all()).as("a code for an account that does not exist").isEmpty();
		removeInjectedFailure();
		SignupResult retried = this.fixture.signup(email, PASSWORD);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users WHERE id = ?", retried.userId()))
			.isEqualTo(1);
	}

	@Test
	void signupWhenMembershipInsertFailsThenNoUserLeft() {
		String email = CoreFixture.uniqueEmail();
		failInsertsInto("workspace_members", "true");
		assertInjectedFailure(() -> this.fixture.signup(email, PASSWORD));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users WHERE email = ?", email)).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens")).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs")).isZero();
		assertThat(this.fixture.mailbox().all()).isEmpty();
	}

	@Test
	void loginWhenAuditInsertFailsThenNoRefreshTokenStored() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = verifiedUser(email);
		long tokensBefore = this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens");
		failInsertsInto("audit_logs", "NEW.event_type = 'login' AND NEW.outcome = 'success'");
		assertInjectedFailure(() -> login(email, PASSWORD));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isEqualTo(tokensBefore);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND user_id = ?""",
				signup.userId())).isZero();
		removeInjectedFailure();
		assertThat(login(email, PASSWORD).userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isEqualTo(tokensBefore + 1);
	}

	@Test
	void refreshWhenAuditInsertFailsThenPresentedTokenStillValidAndNoSuccessorStored() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = verifiedUser(email);
		TokenPair session = login(email, PASSWORD);
		failInsertsInto("audit_logs", "NEW.event_type = 'refresh'");
		assertInjectedFailure(() -> refresh(session.refreshToken()));
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId()))
			.as("no successor row")
			.isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ? AND rotated_at IS NULL
				AND replaced_by_id IS NULL AND revoked_at IS NULL""", signup.userId()))
			.as("the presented token neither rotated nor revoked")
			.isEqualTo(1);
		removeInjectedFailure();
		TokenPair rotated = refresh(session.refreshToken());
		assertThat(rotated.userId()).isEqualTo(signup.userId());
		assertThat(rotated.refreshToken()).isNotEqualTo(session.refreshToken());
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh_reuse_detected'""")).isZero();
		assertThat(refresh(rotated.refreshToken()).userId()).isEqualTo(signup.userId());
	}

	@Test
	void resetPasswordWhenAuditInsertFailsThenOldPasswordAndTokenAndSessionsSurvive() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = verifiedUser(email);
		TokenPair session = login(email, PASSWORD);
		String token = requestReset(email);
		failInsertsInto("audit_logs", "NEW.event_type = 'password_reset_completed'");
		assertInjectedFailure(() -> reset(token, NEW_PASSWORD));
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ? AND revoked_at IS NOT NULL""",
				signup.userId()))
			.as("refresh tokens revoked by a reset that did not happen")
			.isZero();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.password_reset_tokens WHERE user_id = ? AND consumed_at IS NULL""",
				signup.userId()))
			.as("the reset token is still unused")
			.isEqualTo(1);
		assertThat(login(email, PASSWORD).userId()).isEqualTo(signup.userId());
		assertAuthError(() -> login(email, NEW_PASSWORD), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(refresh(session.refreshToken()).userId()).isEqualTo(signup.userId());
		removeInjectedFailure();
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD).userId()).isEqualTo(signup.userId());
		assertAuthError(() -> login(email, PASSWORD), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void consumeMagicLinkWhenAuditInsertFailsThenLinkStillUsable() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(email, null), CLIENT);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.MAGIC_LINK));
		failInsertsInto("audit_logs", "NEW.event_type = 'magic_link_consumed'");
		assertInjectedFailure(() -> consumeMagicLink(token));
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.magic_link_tokens WHERE user_id = ? AND consumed_at IS NULL""",
				signup.userId()))
			.isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isZero();
		assertThat(isEmailVerified(signup.userId())).as("verified by a sign-in that did not happen").isFalse();
		removeInjectedFailure();
		TokenPair tokens = consumeMagicLink(token);
		assertThat(tokens.userId()).isEqualTo(signup.userId());
		assertThat(isEmailVerified(signup.userId())).isTrue();
	}

	@Test
	void verifyEmailByCodeWhenAuditInsertFailsThenEmailUnverifiedAndCodeStillWorks() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		String code = Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		failInsertsInto("audit_logs", "NEW.event_type = 'email_verified' AND NEW.outcome = 'success'");
		assertInjectedFailure(() -> verifyByCode(email, code));
		assertThat(isEmailVerified(signup.userId())).isFalse();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.email_verification_tokens WHERE user_id = ? AND consumed_at IS NULL
				AND attempts = 0""", signup.userId()))
			.as("the code is neither consumed nor charged an attempt")
			.isEqualTo(1);
		assertAuthError(() -> login(email, PASSWORD), AuthErrorCode.EMAIL_NOT_VERIFIED);
		removeInjectedFailure();
		verifyByCode(email, code);
		assertThat(isEmailVerified(signup.userId())).isTrue();
		assertThat(login(email, PASSWORD).userId()).isEqualTo(signup.userId());
	}

	/**
	 * Makes every insert into the table that matches the condition fail, with a real PL/pgSQL exception raised
	 * by a {@code BEFORE INSERT} trigger inside the flow's own statement.
	 */
	private void failInsertsInto(String table, String condition) {
		this.ddl.execute(this.fixture.sql("""
				CREATE OR REPLACE FUNCTION ${schema}.%s() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
					RAISE EXCEPTION '%s on %% (%%)', TG_TABLE_NAME, TG_OP;
				END
				$$""".formatted(FAILURE_FUNCTION, INJECTED)));
		this.ddl.execute(this.fixture.sql("""
				CREATE TRIGGER %s BEFORE INSERT ON ${schema}.%s FOR EACH ROW WHEN (%s)
				EXECUTE FUNCTION ${schema}.%s()""".formatted(FAILURE_FUNCTION, table, condition, FAILURE_FUNCTION)));
	}

	/** Drops the failure function and, with it, its trigger (TRUNCATE of the next fixture would not). */
	private void removeInjectedFailure() {
		this.ddl.execute(this.fixture.sql("DROP FUNCTION IF EXISTS ${schema}." + FAILURE_FUNCTION + "() CASCADE"));
	}

	private static void assertInjectedFailure(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).as("the injected database failure, neither a success nor an auth answer")
			.isInstanceOf(DataAccessException.class)
			.isNotInstanceOf(AuthException.class)
			.hasStackTraceContaining(INJECTED);
	}

	private SignupResult verifiedUser(String email) {
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		verifyByCode(email, Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION)));
		return signup;
	}

	private boolean isEmailVerified(UUID userId) {
		return this.fixture.accounts().findById(userId).orElseThrow().isEmailVerified();
	}

	private TokenPair login(String email, String password) {
		return this.fixture.login(email, password);
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.refresh(refreshToken);
	}

	private void verifyByCode(String email, String code) {
		this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(email, code, null), CLIENT);
	}

	private String requestReset(String email) {
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(email), CLIENT);
		return Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.PASSWORD_RESET));
	}

	private void reset(String token, String password) {
		this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(token, password), CLIENT);
	}

	private TokenPair consumeMagicLink(String token) {
		return this.fixture.magicLink().consumeMagicLink(token, null, CLIENT);
	}

}
