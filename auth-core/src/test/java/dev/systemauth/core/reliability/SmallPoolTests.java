package dev.systemauth.core.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.MutableClock;
import dev.systemauth.core.Race;
import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.mail.DefaultAuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.BoundedPasswordHasher;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.AccountRegistration;
import dev.systemauth.core.flow.EmailVerificationFlow;
import dev.systemauth.core.flow.MagicLinkFlow;
import dev.systemauth.core.flow.PasswordResetFlow;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The core on a pool of one or two connections: a request that held two connections at once, or waited for a
 * second while holding the first, would starve the pool and fail after the connection timeout. Each flow must
 * use at most one connection at a time.
 */
class SmallPoolTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String NEW_PASSWORD = "tr0ub4dor and three more words";

	private static final int THREADS = 8;

	private static final int USERS = 4;

	private static final int ITERATIONS = 20;

	private static final Duration RUN_FOR_AT_MOST = Duration.ofSeconds(5);

	private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(60);

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase() {
		TestDatabase created = TestDatabase.create();
		try {
			new AuthMigrations(created.dataSource(), CoreFixture.SCHEMA).migrate();
		}
		catch (RuntimeException ex) {
			created.drop();
			throw ex;
		}
		database = created;
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			database.drop();
		}
	}

	@ParameterizedTest(name = "pool of {0}")
	@ValueSource(ints = { 1, 2 })
	void loginAndRefreshFromEightThreadsWhenPoolIsTinyThenNoRequestStarvesThePool(int poolSize) {
		// users and first sessions come from a roomy pool: only the race runs on the small one
		SmallPoolCore setup = new SmallPoolCore(database.dataSource(), null);
		List<String> emails = new ArrayList<>();
		List<AtomicReference<String>> sharedTokens = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			String email = CoreFixture.uniqueEmail();
			setup.verifiedUser(email);
			emails.add(email);
			sharedTokens.add(new AtomicReference<>(setup.login(email).refreshToken()));
		}
		setup.close();
		try (SmallPoolCore core = SmallPoolCore.create(poolSize)) {
			Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
			AtomicInteger logins = new AtomicInteger();
			AtomicInteger refreshes = new AtomicInteger();
			AtomicInteger rejections = new AtomicInteger();
			long deadline = System.nanoTime() + RUN_FOR_AT_MOST.toNanos();
			List<Race.Attempt<Integer>> attempts = assertTimeoutPreemptively(DEADLOCK_GUARD,
					() -> Race.run(THREADS, (thread) -> {
						String email = emails.get(thread % USERS);
						AtomicReference<String> shared = sharedTokens.get(thread % USERS);
						String own = null;
						int calls = 0;
						for (int n = 0; n < ITERATIONS && System.nanoTime() < deadline; n++) {
							calls++;
							try {
								if (own == null || n % 3 == 0) {
									own = core.login(email).refreshToken();
									logins.incrementAndGet();
								}
								else if (n % 3 == 1) {
									// only this thread knows its own chain: the refresh must succeed
									own = core.refresh(own).refreshToken();
									refreshes.incrementAndGet();
								}
								else {
									// two threads race on one token: the loser's reuse revokes the family
									String presented = shared.get();
									try {
										shared.compareAndSet(presented, core.refresh(presented).refreshToken());
										refreshes.incrementAndGet();
									}
									catch (AuthException ex) {
										if (ex.getErrorCode() != AuthErrorCode.INVALID_TOKEN) {
											throw ex;
										}
										rejections.incrementAndGet();
										shared.set(core.login(email).refreshToken());
										logins.incrementAndGet();
									}
								}
							}
							catch (RuntimeException ex) {
								unexpected.add(ex);
							}
						}
						return calls;
					}));
			assertThat(attempts).as("every thread ran to its end").allMatch(Race.Attempt::succeeded);
			assertThat(unexpected).as("failures other than a token pair or an expected rejection")
				.noneMatch((ex) -> ex instanceof CannotGetJdbcConnectionException
						|| ex instanceof CannotCreateTransactionException)
				.isEmpty();
			assertThat(logins.get()).isGreaterThanOrEqualTo(THREADS);
			assertThat(refreshes.get()).isPositive();
			assertThat(core.pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();
		}
	}

	@Test
	void fullSessionLifecycleWhenPoolHasOneConnectionThenEveryStepSucceeds() {
		try (SmallPoolCore core = SmallPoolCore.create(1)) {
			assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
				String email = CoreFixture.uniqueEmail();
				SignupResult signup = core.signup(email);
				assertThat(signup.emailVerificationRequired()).isTrue();
				assertAuthError(() -> core.login(email), AuthErrorCode.EMAIL_NOT_VERIFIED);
				core.verifyByCode(email);
				TokenPair session = core.login(email);
				assertThat(session.userId()).isEqualTo(signup.userId());
				TokenPair rotated = core.refresh(session.refreshToken());
				assertThat(rotated.workspaceId()).isEqualTo(signup.workspaceId());
				core.signIn.logout(new AuthRequests.Refresh(rotated.refreshToken()), CLIENT);
				assertAuthError(() -> core.refresh(rotated.refreshToken()), AuthErrorCode.INVALID_TOKEN);
				core.passwordReset.forgotPassword(new AuthRequests.ForgotPassword(email), CLIENT);
				String resetToken = Mailbox.token(core.mailbox.last(email, AuthMail.Type.PASSWORD_RESET));
				core.passwordReset.resetPassword(new AuthRequests.ResetPassword(resetToken, NEW_PASSWORD), CLIENT);
				assertThat(core.signIn.login(new AuthRequests.Login(email, NEW_PASSWORD, null), CLIENT).userId())
					.isEqualTo(signup.userId());
				core.magicLink.requestMagicLink(new AuthRequests.MagicLink(email, null), CLIENT);
				String magicToken = Mailbox.token(core.mailbox.last(email, AuthMail.Type.MAGIC_LINK));
				assertThat(core.magicLink.consumeMagicLink(magicToken, null, CLIENT).userId())
					.isEqualTo(signup.userId());
			});
		}
	}

	/**
	 * The whole core, wired as {@link CoreFixture} wires it, over the class's database, with brute-force limits on
	 * as in a default installation; {@link #create} gives it a Hikari pool of its own of a few connections.
	 */
	private static final class SmallPoolCore implements AutoCloseable {

		final @Nullable HikariDataSource pool;

		final Mailbox mailbox = new Mailbox();

		final PasswordHasher passwordHasher = new BoundedPasswordHasher(CoreFixture.BCRYPT_COST);

		final SignInFlow signIn;

		final SignupFlow signupFlow;

		final EmailVerificationFlow emailVerification;

		final PasswordResetFlow passwordReset;

		final MagicLinkFlow magicLink;

		SmallPoolCore(DataSource dataSource, @Nullable HikariDataSource pool) {
			this.pool = pool;
			AuthDatabase authDatabase = new AuthDatabase(dataSource, CoreFixture.SCHEMA);
			MutableClock clock = new MutableClock(CoreFixture.START);
			AuditLog auditLog = new AuditLog(authDatabase);
			WorkspaceService workspaces = new WorkspaceService(authDatabase, auditLog, clock);
			TokenHasher tokenHasher = new TokenHasher(CoreFixture.HASH_SECRET);
			AccessTokenService accessTokens = new AccessTokenService(CoreFixture.ACCESS_SECRET, CoreFixture.ACCESS_TTL,
					CoreFixture.ISSUER, CoreFixture.AUDIENCE, CoreFixture.CLOCK_SKEW, clock);
			SessionService sessions = new SessionService(authDatabase, accessTokens, new RefreshTokenStore(authDatabase),
					tokenHasher, CoreFixture.REFRESH_SECRET, CoreFixture.REFRESH_TTL, Duration.ZERO, auditLog, clock);
			ClassicSettings settings = new ClassicSettings(true, VerificationMode.CODE, 6, Duration.ofMinutes(20), 5,
					Duration.ofMinutes(30), Duration.ofMinutes(15));
			AbuseGuard abuseGuard = new AbuseGuard(new ThrottleStore(authDatabase), tokenHasher,
					ThrottleSettings.defaults(), clock);
			UserStore accounts = new JdbcUserStore(authDatabase);
			OneTimeTokenStore oneTimeTokens = new OneTimeTokenStore(authDatabase);
			PasswordPolicy passwordPolicy = PasswordPolicy.withMinLength(8);
			MailDispatcher mail = new MailDispatcher(this.mailbox, Runnable::run);
			DefaultAuthMailTemplates templates = new DefaultAuthMailTemplates("Example");
			AuthLinks links = new AuthLinks(CoreFixture.BASE_URL, "/verify-email", "/reset-password", "/magic-link");
			this.signIn = new SignInFlow(accounts, workspaces, sessions, this.passwordHasher, auditLog, settings,
					abuseGuard);
			this.signupFlow = new SignupFlow(authDatabase, new AccountRegistration(accounts, workspaces, auditLog),
					sessions, oneTimeTokens, tokenHasher, this.passwordHasher, passwordPolicy, mail, templates, links,
					settings, clock);
			this.emailVerification = new EmailVerificationFlow(authDatabase, accounts, oneTimeTokens, tokenHasher,
					auditLog, mail, templates, links, settings, abuseGuard, clock);
			this.passwordReset = new PasswordResetFlow(authDatabase, accounts, oneTimeTokens, tokenHasher, sessions,
					this.passwordHasher, passwordPolicy, auditLog, mail, templates, links, settings, abuseGuard, clock);
			this.magicLink = new MagicLinkFlow(authDatabase, accounts, workspaces, sessions, oneTimeTokens,
					tokenHasher, auditLog, mail, templates, links, settings, abuseGuard, clock);
		}

		static SmallPoolCore create(int poolSize) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(database.jdbcUrl());
			config.setUsername(database.username());
			config.setPassword(database.password());
			config.setMaximumPoolSize(poolSize);
			config.setMinimumIdle(poolSize);
			config.setConnectionTimeout(3000);
			config.setPoolName("small-pool-" + poolSize);
			HikariDataSource dataSource = new HikariDataSource(config);
			try {
				return new SmallPoolCore(dataSource, dataSource);
			}
			catch (RuntimeException ex) {
				dataSource.close();
				throw ex;
			}
		}

		SignupResult signup(String email) {
			return this.signupFlow.signup(new AuthRequests.Signup(email, PASSWORD, null, null), CLIENT);
		}

		void verifyByCode(String email) {
			String code = Mailbox.code(this.mailbox.last(email, AuthMail.Type.EMAIL_VERIFICATION));
			this.emailVerification.verifyEmail(new AuthRequests.VerifyEmail(email, code, null), CLIENT);
		}

		void verifiedUser(String email) {
			signup(email);
			verifyByCode(email);
		}

		TokenPair login(String email) {
			return this.signIn.login(new AuthRequests.Login(email, PASSWORD, null), CLIENT);
		}

		TokenPair refresh(String refreshToken) {
			return this.signIn.refresh(new AuthRequests.Refresh(refreshToken), CLIENT);
		}

		@Override
		public void close() {
			this.passwordHasher.close();
			if (this.pool != null) {
				this.pool.close();
			}
		}

	}

}
