package dev.systemauth.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a scripted run of every flow, no audit column holds a password, token, code or stored hash.
 */
class AuditSecretsTests {

	private static final String PASSWORD = "first secret passphrase";

	private static final String NEW_PASSWORD = "second secret passphrase";

	private static final String WRONG_PASSWORD = "wrong secret passphrase";

	private static final String UNKNOWN_USER_PASSWORD = "unknown user passphrase";

	private static final String WEAK_PASSWORD = "password123";

	private CoreFixture fixture;

	private final List<String> secrets = new ArrayList<>();

	@BeforeEach
	void createFixture() {
		// eight-digit codes: a shorter code could match digits of a timestamp or id by chance
		this.fixture = CoreFixture.builder().requireEmailVerification(true).verificationCodeLength(8).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void auditLogsNeverHoldPasswordsTokensCodesOrTheirHashes() {
		runEveryFlow();
		this.secrets.addAll(storedHashes());
		assertThat(this.secrets).hasSizeGreaterThan(20).doesNotContainNull().allSatisfy((secret) -> assertThat(secret)
			.hasSizeGreaterThanOrEqualTo(8));
		List<String> columns = this.fixture.jdbc()
			.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")
			.params(CoreFixture.SCHEMA, "audit_logs")
			.query(String.class)
			.list();
		assertThat(columns).contains("details", "user_agent", "ip", "event_type");
		List<String> values = new ArrayList<>();
		for (String column : columns) {
			values.addAll(this.fixture.jdbc()
				.sql(this.fixture.sql("SELECT \"" + column + "\"::text FROM ${schema}.audit_logs"))
				.query(String.class)
				.list()
				.stream()
				.filter((value) -> value != null)
				.toList());
		}
		values.addAll(this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT a::text FROM ${schema}.audit_logs a"))
			.query(String.class)
			.list());
		assertThat(values).isNotEmpty();
		for (String value : values) {
			for (String secret : this.secrets) {
				assertThat(value).as("an audit value").doesNotContain(secret);
			}
		}
		// the run was recorded, and details were written (so the check above looked at real rows)
		assertThat(this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT DISTINCT event_type FROM ${schema}.audit_logs"))
			.query(String.class)
			.set()).containsAll(Set.of("signup", "login", "refresh", "refresh_reuse_detected", "logout",
					"email_verified", "email_verification_sent", "password_reset_requested",
					"password_reset_completed", "magic_link_requested", "magic_link_consumed", "workspace_switched",
					"workspace_created", "membership_added"));
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE details->>'reason' = 'invalid_credentials'"""))
			.isEqualTo(2);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE details->>'reason' = 'invalid_code'""")).isEqualTo(2);
	}

	private void runEveryFlow() {
		this.secrets.addAll(List.of(PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, UNKNOWN_USER_PASSWORD, WEAK_PASSWORD));
		String alice = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signupFlow().signup(new AuthRequests.Signup(alice, PASSWORD, "Alice's", "alice"),
				CLIENT);
		String code = Mailbox.code(this.fixture.mailbox().last(alice, AuthMail.Type.EMAIL_VERIFICATION));
		String wrongCode = code.substring(0, 7) + (char) ('0' + (code.charAt(7) - '0' + 1) % 10);
		this.secrets.add(code);
		this.secrets.add(wrongCode);
		assertAuthError(() -> this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(alice, wrongCode, null), CLIENT),
				AuthErrorCode.INVALID_CODE);
		this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(alice, code, null), CLIENT);

		assertAuthError(() -> login(alice, WRONG_PASSWORD), AuthErrorCode.INVALID_CREDENTIALS);
		assertAuthError(() -> login(CoreFixture.uniqueEmail(), UNKNOWN_USER_PASSWORD),
				AuthErrorCode.INVALID_CREDENTIALS);
		TokenPair first = keep(login(alice, PASSWORD));
		TokenPair second = keep(refresh(first.refreshToken()));
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh(second.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		TokenPair third = keep(login(alice, PASSWORD));
		this.fixture.signIn().logout(new AuthRequests.Refresh(third.refreshToken()), CLIENT);

		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(alice), CLIENT);
		String resetToken = Mailbox.token(this.fixture.mailbox().last(alice, AuthMail.Type.PASSWORD_RESET));
		this.secrets.add(resetToken);
		assertAuthError(() -> this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(resetToken, WEAK_PASSWORD),
				CLIENT), AuthErrorCode.WEAK_PASSWORD);
		this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(resetToken, NEW_PASSWORD), CLIENT);
		TokenPair fourth = keep(login(alice, NEW_PASSWORD));

		this.fixture.magicLink().requestMagicLink(new AuthRequests.MagicLink(alice, null), CLIENT);
		String magicToken = Mailbox.token(this.fixture.mailbox().last(alice, AuthMail.Type.MAGIC_LINK));
		this.secrets.add(magicToken);
		keep(this.fixture.magicLink().consumeMagicLink(magicToken, null, CLIENT));

		String bob = CoreFixture.uniqueEmail();
		SignupResult bobSignup = this.fixture.signupFlow().signup(new AuthRequests.Signup(bob, PASSWORD, null, null), CLIENT);
		this.fixture.emailVerification().resendVerification(new AuthRequests.ForgotPassword(bob), CLIENT);
		String bobCode = Mailbox.code(this.fixture.mailbox().last(bob, AuthMail.Type.EMAIL_VERIFICATION));
		this.secrets.add(bobCode);
		String bobWrongCode = bobCode.substring(0, 7) + (char) ('0' + (bobCode.charAt(7) - '0' + 1) % 10);
		this.secrets.add(bobWrongCode);
		assertAuthError(() -> this.fixture.emailVerification().verifyEmail(new AuthRequests.VerifyEmail(bob, bobWrongCode, null), CLIENT),
				AuthErrorCode.INVALID_CODE);
		assertAuthError(() -> this.fixture.workspaceSwitch().switchWorkspace(signup.userId(), this.fixture.sessions().start(signup.userId(), signup.workspaceId()).sessionId(), bobSignup.workspaceId(), CLIENT),
				AuthErrorCode.MEMBERSHIP_INACTIVE);
		keep(this.fixture.workspaceSwitch().switchWorkspace(signup.userId(), this.fixture.sessions().start(signup.userId(), signup.workspaceId()).sessionId(), fourth.workspaceId(), CLIENT));
		assertAuthError(() -> this.fixture.signupFlow().signup(new AuthRequests.Signup(CoreFixture.uniqueEmail(), WEAK_PASSWORD,
				null, null), CLIENT), AuthErrorCode.WEAK_PASSWORD);
	}

	private List<String> storedHashes() {
		List<String> hashes = new ArrayList<>();
		for (String table : List.of("refresh_tokens", "email_verification_tokens", "password_reset_tokens",
				"magic_link_tokens")) {
			hashes.addAll(this.fixture.jdbc()
				.sql(this.fixture.sql("SELECT token_hash FROM ${schema}." + table))
				.query(String.class)
				.list());
		}
		hashes.addAll(this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT password_hash FROM ${schema}.users"))
			.query(String.class)
			.list());
		assertThat(hashes).hasSizeGreaterThan(10);
		return hashes;
	}

	private TokenPair keep(TokenPair pair) {
		this.secrets.add(pair.accessToken());
		this.secrets.add(pair.refreshToken());
		return pair;
	}

	private TokenPair login(String email, String password) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, password, null), CLIENT);
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.signIn().refresh(new AuthRequests.Refresh(refreshToken), CLIENT);
	}

}
