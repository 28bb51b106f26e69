package dev.systemauth.core.provider;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login under the {@link dev.systemauth.core.throttle.AbuseGuard}: 3 failures lock an account for 15 minutes
 * (and a locked account answers a correct password like a wrong one), 10 failed attempts per IP in 5 minutes
 * answer 429 with {@code retryAfter}, and server-side calls carry no IP to limit.
 */
class ThrottledLoginTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String WRONG = "not the right passphrase";

	private static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(15);

	private static final Duration IP_WINDOW = Duration.ofMinutes(5);

	private static final ThrottleSettings LIMITS = new ThrottleSettings(true, 3, ACCOUNT_WINDOW, 10, IP_WINDOW, 5,
			Duration.ofHours(1), 30);

	private static final ClientInfo ATTACKER = new ClientInfo("198.51.100.7", "JUnit");

	private static final ClientInfo OTHER = new ClientInfo("198.51.100.8", "JUnit");

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).throttle(LIMITS).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void loginWhenAccountLockedThenCorrectPasswordAnswersLikeWrongOne() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		AuthException wrong = null;
		for (int i = 0; i < 3; i++) {
			wrong = assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		AuthException locked = assertAuthError(() -> login(email, PASSWORD, OTHER), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(locked.getMessage()).isEqualTo(wrong.getMessage());
		assertThat(locked.getProperties()).isEqualTo(wrong.getProperties()).isEmpty();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).as("only the signup's session").isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'failure'
				AND user_id = ? AND details ->> 'reason' = 'account_locked'""", signup.userId())).isEqualTo(1);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'failure'
				AND user_id = ? AND details ->> 'reason' = 'invalid_credentials'""", signup.userId())).isEqualTo(3);
	}

	@Test
	void loginWhenLockWindowPassedThenCorrectPasswordWorks() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 3; i++) {
			assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		this.fixture.clock().advance(ACCOUNT_WINDOW.minusSeconds(1));
		assertAuthError(() -> login(email, PASSWORD, OTHER), AuthErrorCode.INVALID_CREDENTIALS);
		this.fixture.clock().advance(Duration.ofSeconds(1));
		assertThat(login(email, PASSWORD, OTHER).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenSuccessBeforeLimitThenFailureCountStartsOver() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 2; i++) {
			assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		login(email, PASSWORD, OTHER);
		for (int i = 0; i < 2; i++) {
			assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertThat(login(email, PASSWORD, OTHER).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenIpFailedTooOftenThenTooManyRequestsWithRetryAfterWhileOtherIpGetsThrough() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 10; i++) {
			assertAuthError(() -> login(CoreFixture.uniqueEmail(), WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		this.fixture.clock().advance(Duration.ofMinutes(1));
		AuthException refused = assertAuthError(() -> login(email, PASSWORD, ATTACKER),
				AuthErrorCode.TOO_MANY_REQUESTS);
		assertThat(refused.getProperties()).containsEntry("retryAfter", IP_WINDOW.minusMinutes(1).toSeconds());
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).as("only the signup's session").isEqualTo(1);
		assertThat(login(email, PASSWORD, OTHER).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenIpWindowPassedThenIpMayTryAgain() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 10; i++) {
			assertAuthError(() -> login(CoreFixture.uniqueEmail(), WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertAuthError(() -> login(email, PASSWORD, ATTACKER), AuthErrorCode.TOO_MANY_REQUESTS);
		this.fixture.clock().advance(IP_WINDOW);
		assertThat(login(email, PASSWORD, ATTACKER).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenFailuresSpreadOverAccountsFromOneIpThenTheyAddUpToTheIpLimit() {
		String[] emails = new String[5];
		for (int i = 0; i < emails.length; i++) {
			emails[i] = CoreFixture.uniqueEmail();
			this.fixture.signup(emails[i], PASSWORD);
		}
		for (int i = 0; i < 10; i++) {
			String email = emails[i % emails.length];
			assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertAuthError(() -> login(emails[0], PASSWORD, ATTACKER), AuthErrorCode.TOO_MANY_REQUESTS);
		assertThat(login(emails[0], PASSWORD, OTHER)).as("two failures do not lock the account").isNotNull();
	}

	@Test
	void loginWhenServerSideCallThenNeverIpLimited() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 12; i++) {
			assertAuthError(() -> login(CoreFixture.uniqueEmail(), WRONG, ClientInfo.SERVER),
					AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertThat(login(email, PASSWORD, ClientInfo.SERVER).userId()).isEqualTo(signup.userId());
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE key LIKE 'ip:%'"))
			.isZero();
	}

	@Test
	void loginWhenServerSideCallsFailThenAccountStillLocks() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 3; i++) {
			assertAuthError(() -> login(email, WRONG, ClientInfo.SERVER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertAuthError(() -> login(email, PASSWORD, ClientInfo.SERVER), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void loginWhenFailedThenAccountCounterKeyHoldsNoEmail() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE key LIKE 'account:%'"))
			.isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.throttle_counters WHERE position(? in key) > 0",
				email.substring(0, email.indexOf('@')))).isZero();
	}

	private TokenPair login(String email, String password, ClientInfo client) {
		return this.fixture.provider().login(new AuthRequests.Login(email, password, null), client);
	}

}
