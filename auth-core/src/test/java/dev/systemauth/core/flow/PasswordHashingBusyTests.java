package dev.systemauth.core.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.password.BlockedHashing;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood that fills the hashing queue: with {@value #THREADS} busy worker and {@value #QUEUE} queued
 * operations, the next signup, login or reset is refused at once with {@code server_busy}, and writes
 * nothing: no account, no session, no audit row, no throttle count (a refusal is not a failed attempt).
 */
class PasswordHashingBusyTests {

	private static final int THREADS = 1;

	private static final int QUEUE = 2;

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String NEW_PASSWORD = "tr0ub4dor and three more words";

	private PasswordHashingExecutor executor;

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.executor = new PasswordHashingExecutor(THREADS, QUEUE);
		this.fixture = CoreFixture.builder()
			.requireEmailVerification(false)
			.throttle(ThrottleSettings.defaults())
			.passwordHashing(this.executor)
			.build();
	}

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void signupWhenHashingQueueFullThenServerBusyAndNoAccountWritten() throws Exception {
		String email = CoreFixture.uniqueEmail();
		Rows before = rows();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(this.executor)) {
			AuthException ex = assertAuthError(() -> this.fixture.signup(email, PASSWORD), AuthErrorCode.SERVER_BUSY);
			assertThat(ex.getProperties()).containsKey("retryAfter");
		}
		assertThat(rows()).isEqualTo(before);
		assertThat(this.fixture.accounts().findByEmail(email)).isEmpty();
		assertThat(this.fixture.mailbox().to(email)).isEmpty();
		assertThat(this.fixture.signup(email, PASSWORD).tokens()).as("the same signup once the flood is over")
			.isNotNull();
	}

	@Test
	void loginWhenHashingQueueFullThenServerBusyAndNothingWritten() throws Exception {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		Rows before = rows();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(this.executor)) {
			assertAuthError(() -> login(email, PASSWORD), AuthErrorCode.SERVER_BUSY);
			assertAuthError(() -> login(email, "a wrong password"), AuthErrorCode.SERVER_BUSY);
		}
		assertThat(rows()).as("no session, audit row or failure count").isEqualTo(before);
		assertThat(login(email, PASSWORD).refreshToken()).isNotBlank();
	}

	@Test
	void loginWhenHashingQueueFullAndEmailUnknownThenSameServerBusy() throws Exception {
		Rows before = rows();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(this.executor)) {
			assertAuthError(() -> login(CoreFixture.uniqueEmail(), PASSWORD), AuthErrorCode.SERVER_BUSY);
		}
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void resetPasswordWhenHashingQueueFullThenServerBusyAndTokenStaysUsable() throws Exception {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(email), CLIENT);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.PASSWORD_RESET));
		Rows before = rows();
		try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(this.executor)) {
			assertAuthError(() -> reset(token, NEW_PASSWORD), AuthErrorCode.SERVER_BUSY);
		}
		assertThat(rows()).isEqualTo(before);
		assertThat(login(email, PASSWORD).refreshToken()).as("the old password still works").isNotBlank();
		reset(token, NEW_PASSWORD);
		assertThat(login(email, NEW_PASSWORD).refreshToken()).isNotBlank();
	}

	private TokenPair login(String email, String password) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, password, null), CLIENT);
	}

	private void reset(String token, String password) {
		this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(token, password), CLIENT);
	}

	private Rows rows() {
		return new Rows(count("users"), count("workspaces"), count("refresh_tokens"), count("audit_logs"),
				// a login reserves its attempt before bcrypt and takes it back when refused: counters stay at zero
				this.fixture.count("SELECT coalesce(sum(hits), 0) FROM ${schema}.throttle_counters"), this.fixture.count("""
						SELECT count(*) FROM ${schema}.password_reset_tokens WHERE consumed_at IS NULL"""));
	}

	private long count(String table) {
		return this.fixture.count("SELECT count(*) FROM ${schema}." + table);
	}

	private record Rows(long users, long workspaces, long refreshTokens, long auditRows, long throttleCounters,
			long unusedResetTokens) {
	}

}
