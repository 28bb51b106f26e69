package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.StatementCounter;
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
 * answer 429 with {@code retryAfter}, and server-side calls carry no IP to limit. Attempts are counted before
 * bcrypt, so a burst of parallel guesses gets no more passwords evaluated than the limits allow. A password
 * counts as evaluated when its failure is audited as {@code invalid_credentials}: only then could the same
 * attempt with the right password have succeeded; a refused one is {@code account_locked} (after a dummy hash,
 * so it takes as long) or a 429 without an audit row.
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

	private final StatementCounter counter = new StatementCounter();

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder()
			.requireEmailVerification(false)
			.throttle(LIMITS)
			.dataSource(this.counter::wrap)
			.build();
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

	@Test
	void loginWhenFortyWrongPasswordsRaceForOneAccountThenOnlyTheLimitIsEvaluated() throws InterruptedException {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		List<Race.Attempt<TokenPair>> attempts = Race.run(40, (i) -> login(email, WRONG + i, client(i)));
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.error()).isInstanceOfSatisfying(
				AuthException.class, (ex) -> assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.INVALID_CREDENTIALS)));
		assertThat(loginFailures(signup.userId(), "invalid_credentials")).as("passwords evaluated").isEqualTo(3);
		assertThat(loginFailures(signup.userId(), "account_locked")).as("refused before bcrypt").isEqualTo(37);
	}

	@Test
	void loginWhenCorrectPasswordAfterRacedBurstThenRefusedUntilLockWindowPassed() throws InterruptedException {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		Race.run(40, (i) -> login(email, WRONG + i, client(i)));
		AuthException locked = assertAuthError(() -> login(email, PASSWORD, OTHER), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(locked.getMessage()).isEqualTo("Invalid email or password.");
		assertThat(locked.getProperties()).isEmpty();
		assertThat(loginFailures(signup.userId(), "account_locked")).isEqualTo(38);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				signup.userId())).as("only the signup's session").isEqualTo(1);
		this.fixture.clock().advance(ACCOUNT_WINDOW);
		assertThat(login(email, PASSWORD, OTHER).userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenFortyWrongPasswordsRaceFromOneIpOverManyAccountsThenOnlyTheIpLimitIsEvaluated()
			throws InterruptedException {
		List<String> emails = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			emails.add(CoreFixture.uniqueEmail());
			this.fixture.signup(emails.get(i), PASSWORD);
		}
		List<Race.Attempt<TokenPair>> attempts = Race.run(40, (i) -> login(emails.get(i), WRONG, ATTACKER));
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.error()).isInstanceOf(AuthException.class));
		assertThat(attempts).filteredOn((attempt) -> ((AuthException) attempt.error())
			.getErrorCode() == AuthErrorCode.TOO_MANY_REQUESTS).as("refused before bcrypt").hasSize(30);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'failure'
				AND ip = ? AND details ->> 'reason' = 'invalid_credentials'""", ATTACKER.ip()))
			.as("passwords evaluated").isEqualTo(10);
	}

	@Test
	void loginWhenSuccessesFromOneIpOutnumberTheIpLimitThenOnlyFailuresCount() {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		for (int i = 0; i < 12; i++) {
			assertThat(login(email, PASSWORD, ATTACKER).userId()).isEqualTo(signup.userId());
		}
		for (int i = 0; i < 10; i++) {
			assertAuthError(() -> login(CoreFixture.uniqueEmail(), WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		}
		assertAuthError(() -> login(email, PASSWORD, ATTACKER), AuthErrorCode.TOO_MANY_REQUESTS);
	}

	@Test
	void loginWhenThrottledThenLimitsCostOneStatementBeforeBcryptAndNoneOfTheirOwnOnSuccess() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.counter.reset();
		assertAuthError(() -> login(email, WRONG, ATTACKER), AuthErrorCode.INVALID_CREDENTIALS);
		List<String> failed = this.counter.statements();
		assertThat(throttleStatements(failed)).as("reserve the IP and the account together").hasSize(1);
		assertThat(failed.get(0)).contains("throttle_counters");
		this.counter.reset();
		login(email, PASSWORD, ATTACKER);
		List<String> succeeded = this.counter.statements();
		assertThat(throttleStatements(succeeded))
			.as("reserve, then settle in the statement that starts the session").hasSize(2);
		assertThat(succeeded.get(succeeded.size() - 1)).contains("INSERT INTO auth.sessions");
	}

	/**
	 * Issue 10 item 13: a successful login is three round trips: reserve the attempt, read the account with its
	 * memberships, and start the session with its audit row and the counters' settlement in one statement.
	 */
	@Test
	void loginWhenSucceededThenThreeRoundTripsAndNoTransaction() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.counter.reset();
		TokenPair tokens = login(email, PASSWORD, ATTACKER);
		assertThat(this.counter.roundTrips()).as("%s", this.counter.roundTrips()).hasSize(3);
		assertThat(this.counter.transactions()).isZero();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'success'
				AND user_id = ? AND workspace_id = ?""", tokens.userId(), tokens.workspaceId())).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE family_id = ?",
				tokens.sessionId())).isEqualTo(1);
	}

	private static List<String> throttleStatements(List<String> statements) {
		return statements.stream().filter((sql) -> sql.contains("throttle_counters")).toList();
	}

	private long loginFailures(UUID userId, String reason) {
		return this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'login' AND outcome = 'failure'
				AND user_id = ? AND details ->> 'reason' = ?""", userId, reason);
	}

	/** A client of its own for each racer, so that only the account limit applies. */
	private static ClientInfo client(int index) {
		return new ClientInfo("192.0.2." + (index + 1), "JUnit");
	}

	private TokenPair login(String email, String password, ClientInfo client) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, password, null), client);
	}

}
