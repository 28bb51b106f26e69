package dev.systemauth.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.mail.AuthMailer;
import dev.systemauth.core.mail.DefaultAuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.BoundedPasswordHasher;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.flow.AccountRegistration;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.flow.EmailVerificationFlow;
import dev.systemauth.core.flow.MagicLinkFlow;
import dev.systemauth.core.flow.PasswordResetFlow;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.core.token.TokenPair;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The whole core, wired by hand on an empty, migrated PostgreSQL database, with a clock the test moves and a
 * mailbox that keeps every message. The database is the JVM's shared one, emptied for this fixture, unless
 * another open fixture holds it: then it is a private one, dropped on {@link #close()}. Always close it.
 */
public final class CoreFixture implements AutoCloseable {

	public static final String SCHEMA = "auth";

	public static final String ACCESS_SECRET = "core-fixture-access-secret-0123456789-abcdef";

	public static final String REFRESH_SECRET = "core-fixture-refresh-secret-0123456789-abcdef";

	public static final byte[] HASH_SECRET = "core-fixture-hash-secret-0123456789-abcdef"
		.getBytes(StandardCharsets.UTF_8);

	public static final String ISSUER = "https://auth.example.test";

	public static final String AUDIENCE = "example-api";

	public static final Duration ACCESS_TTL = Duration.ofMinutes(15);

	public static final Duration REFRESH_TTL = Duration.ofDays(30);

	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	public static final String BASE_URL = "https://app.example.test";

	public static final ClientInfo CLIENT = new ClientInfo("203.0.113.10", "JUnit");

	public static final int BCRYPT_COST = 4;

	private static final Object leaseLock = new Object();

	private static TestDatabase shared;

	private static boolean sharedLeased;

	private final TestDatabase testDatabase;

	private final boolean ownsDatabase;

	private final AuthDatabase database;

	private final MutableClock clock;

	private final AuditLog auditLog;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final RefreshTokenStore refreshTokens;

	private final TokenHasher tokenHasher;

	private final AccessTokenService accessTokens;

	private final SessionService sessions;

	private final OneTimeTokenStore oneTimeTokens;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final Mailbox mailbox;

	private final AuthLinks links;

	private final ClassicSettings settings;

	private final AbuseGuard abuseGuard;

	private final SignInFlow signIn;

	private final SignupFlow signupFlow;

	private final EmailVerificationFlow emailVerification;

	private final PasswordResetFlow passwordReset;

	private final MagicLinkFlow magicLink;

	private final WorkspaceSwitchFlow workspaceSwitch;

	private CoreFixture(Builder builder) {
		TestDatabase leased = leaseSharedDatabase();
		this.ownsDatabase = (leased == null);
		this.testDatabase = this.ownsDatabase ? migrated(TestDatabase.create()) : leased;
		try {
			this.database = new AuthDatabase(builder.dataSource.apply(this.testDatabase.dataSource()), SCHEMA);
			this.clock = new MutableClock(START);
			this.auditLog = new AuditLog(this.database, this.clock);
			this.accounts = new JdbcUserStore(this.database);
			this.workspaces = new WorkspaceService(this.database, this.auditLog, this.clock);
			this.refreshTokens = new RefreshTokenStore(this.database);
			this.tokenHasher = new TokenHasher(HASH_SECRET);
			this.accessTokens = new AccessTokenService(ACCESS_SECRET, ACCESS_TTL, ISSUER, AUDIENCE, CLOCK_SKEW,
					this.clock);
			this.sessions = new SessionService(this.database, this.accessTokens, this.refreshTokens, this.tokenHasher,
					REFRESH_SECRET, REFRESH_TTL, builder.refreshReuseGrace, this.auditLog, this.clock);
			this.oneTimeTokens = new OneTimeTokenStore(this.database);
			this.passwordHasher = (builder.passwordHashing != null)
					? new BoundedPasswordHasher(BCRYPT_COST, builder.passwordHashing) : new BoundedPasswordHasher(BCRYPT_COST);
			this.passwordPolicy = PasswordPolicy.withMinLength(8);
			this.mailbox = new Mailbox();
			this.links = new AuthLinks(BASE_URL, "/verify-email", "/reset-password", "/magic-link");
			this.settings = new ClassicSettings(builder.requireEmailVerification, builder.verificationMode,
					builder.verificationCodeLength, Duration.ofMinutes(20), 5, Duration.ofMinutes(30),
					Duration.ofMinutes(15));
			this.abuseGuard = new AbuseGuard(new ThrottleStore(this.database), this.tokenHasher, builder.throttle,
					this.clock);
			MailDispatcher mail = new MailDispatcher(this.mailbox, Runnable::run);
			DefaultAuthMailTemplates templates = new DefaultAuthMailTemplates("Example");
			this.signIn = new SignInFlow(this.accounts, this.workspaces, this.sessions, this.passwordHasher,
					this.auditLog, this.settings, this.abuseGuard);
			this.signupFlow = new SignupFlow(this.database,
					new AccountRegistration(this.accounts, this.workspaces, this.auditLog), this.sessions,
					this.oneTimeTokens, this.tokenHasher, this.passwordHasher, this.passwordPolicy, mail, templates,
					this.links, this.settings, this.clock);
			this.emailVerification = new EmailVerificationFlow(this.database, this.accounts, this.oneTimeTokens,
					this.tokenHasher, this.auditLog, mail, templates, this.links, this.settings, this.abuseGuard,
					this.clock);
			this.passwordReset = new PasswordResetFlow(this.database, this.accounts, this.oneTimeTokens,
					this.tokenHasher, this.sessions, this.passwordHasher, this.passwordPolicy, this.auditLog, mail,
					templates, this.links, this.settings, this.abuseGuard, this.clock);
			this.magicLink = new MagicLinkFlow(this.database, this.accounts, this.workspaces, this.sessions,
					this.oneTimeTokens, this.tokenHasher, this.auditLog, mail, templates, this.links, this.settings,
					this.abuseGuard, this.clock);
			this.workspaceSwitch = new WorkspaceSwitchFlow(this.database, this.workspaces, this.sessions,
					this.auditLog);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Leases the JVM's shared migrated database, emptied, or returns {@code null} when another fixture holds
	 * it (the caller then makes a private one). Emptying a migrated database is much faster than creating
	 * and migrating a new one, and leaves nothing of an earlier test behind.
	 */
	private static TestDatabase leaseSharedDatabase() {
		synchronized (leaseLock) {
			if (sharedLeased) {
				return null;
			}
			if (shared == null) {
				shared = migrated(TestDatabase.create());
				if (!"embedded".equals(TestDatabase.kind())) {
					// an external server outlives the JVM: leave no database behind
					TestDatabase created = shared;
					Runtime.getRuntime().addShutdownHook(new Thread(created::drop, "drop-core-fixture-database"));
				}
			}
			truncateAll(shared);
			sharedLeased = true;
			return shared;
		}
	}

	private static TestDatabase migrated(TestDatabase database) {
		try {
			new AuthMigrations(database.dataSource(), SCHEMA).migrate();
			return database;
		}
		catch (RuntimeException ex) {
			database.drop();
			throw ex;
		}
	}

	private static void truncateAll(TestDatabase database) {
		JdbcClient jdbc = JdbcClient.create(database.dataSource());
		List<String> tables = jdbc.sql("""
				SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
				WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> ?""")
			.params(SCHEMA, AuthMigrations.HISTORY_TABLE)
			.query(String.class)
			.list();
		jdbc.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE").update();
	}

	/** A fixture with the library's default classic settings (verification required, code mode). */
	public static CoreFixture create() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	public AuthDatabase database() {
		return this.database;
	}

	public JdbcClient jdbc() {
		return this.database.jdbc();
	}

	public MutableClock clock() {
		return this.clock;
	}

	public AuditLog auditLog() {
		return this.auditLog;
	}

	public UserStore accounts() {
		return this.accounts;
	}

	public WorkspaceService workspaces() {
		return this.workspaces;
	}

	public RefreshTokenStore refreshTokens() {
		return this.refreshTokens;
	}

	public TokenHasher tokenHasher() {
		return this.tokenHasher;
	}

	public AccessTokenService accessTokens() {
		return this.accessTokens;
	}

	public SessionService sessions() {
		return this.sessions;
	}

	public OneTimeTokenStore oneTimeTokens() {
		return this.oneTimeTokens;
	}

	public PasswordHasher passwordHasher() {
		return this.passwordHasher;
	}

	public PasswordPolicy passwordPolicy() {
		return this.passwordPolicy;
	}

	public Mailbox mailbox() {
		return this.mailbox;
	}

	public AuthLinks links() {
		return this.links;
	}

	public ClassicSettings settings() {
		return this.settings;
	}

	public SignInFlow signIn() {
		return this.signIn;
	}

	public SignupFlow signupFlow() {
		return this.signupFlow;
	}

	public EmailVerificationFlow emailVerification() {
		return this.emailVerification;
	}

	public PasswordResetFlow passwordReset() {
		return this.passwordReset;
	}

	public MagicLinkFlow magicLink() {
		return this.magicLink;
	}

	public WorkspaceSwitchFlow workspaceSwitch() {
		return this.workspaceSwitch;
	}

	/** Renders {@code ${schema}} in a SQL text. */
	public String sql(String template) {
		return this.database.sql(template);
	}

	/** Runs a {@code SELECT count(*)} ({@code ${schema}} is rendered). */
	public long count(String template, Object... params) {
		return this.database.jdbc().sql(sql(template)).params(params).query(Long.class).single();
	}

	/** A fresh email address, unique within the JVM. */
	public static String uniqueEmail() {
		return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
	}

	/** Signs up with the default workspace. */
	public SignupResult signup(String email, String password) {
		return this.signupFlow.signup(new AuthRequests.Signup(email, password, null, null), CLIENT);
	}

	/** Logs in from {@link #CLIENT}, without choosing a workspace. */
	public TokenPair login(String email, String password) {
		return this.signIn.login(new AuthRequests.Login(email, password, null), CLIENT);
	}

	/** Signs up a new user with the given password and logs in: a fresh session of its own. */
	public TokenPair newSession(String password) {
		String email = uniqueEmail();
		signup(email, password);
		return login(email, password);
	}

	/** Refreshes from {@link #CLIENT}. */
	public TokenPair refresh(String refreshToken) {
		return this.signIn.refresh(new AuthRequests.Refresh(refreshToken), CLIENT);
	}

	/**
	 * Asserts that the call throws an {@link AuthException} with the given code.
	 * @return the exception, for further checks
	 */
	public static AuthException assertAuthError(ThrowingCallable call, AuthErrorCode code) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).as("expected an AuthException with %s", code).isInstanceOf(AuthException.class);
		AuthException ex = (AuthException) thrown;
		assertThat(ex.getErrorCode()).as("error code (message: %s)", ex.getMessage()).isEqualTo(code);
		return ex;
	}

	@Override
	public void close() {
		if (this.passwordHasher != null) {
			this.passwordHasher.close();
		}
		if (this.ownsDatabase) {
			this.testDatabase.drop();
			return;
		}
		synchronized (leaseLock) {
			sharedLeased = false;
		}
	}

	/** Builds a fixture variant. */
	public static final class Builder {

		private boolean requireEmailVerification = true;

		private VerificationMode verificationMode = VerificationMode.CODE;

		private int verificationCodeLength = 6;

		private Duration refreshReuseGrace = Duration.ZERO;

		private ThrottleSettings throttle = ThrottleSettings.disabled();

		private @Nullable PasswordHashingExecutor passwordHashing;

		private UnaryOperator<DataSource> dataSource = UnaryOperator.identity();

		private Builder() {
		}

		/** The executor of the fixture's password hasher, which closes it with the fixture. */
		public Builder passwordHashing(PasswordHashingExecutor passwordHashing) {
			this.passwordHashing = passwordHashing;
			return this;
		}

		/** Wraps the database's pool for the fixture's services, e.g. to count statements or watch connections. */
		public Builder dataSource(UnaryOperator<DataSource> dataSource) {
			this.dataSource = dataSource;
			return this;
		}

		public Builder throttle(ThrottleSettings throttle) {
			this.throttle = throttle;
			return this;
		}

		public Builder requireEmailVerification(boolean requireEmailVerification) {
			this.requireEmailVerification = requireEmailVerification;
			return this;
		}

		public Builder verificationMode(VerificationMode verificationMode) {
			this.verificationMode = verificationMode;
			return this;
		}

		public Builder verificationCodeLength(int verificationCodeLength) {
			this.verificationCodeLength = verificationCodeLength;
			return this;
		}

		public Builder refreshReuseGrace(Duration refreshReuseGrace) {
			this.refreshReuseGrace = refreshReuseGrace;
			return this;
		}

		public CoreFixture build() {
			return new CoreFixture(this);
		}

	}

	/**
	 * An {@link AuthMailer} that keeps every message (thread-safe), with helpers to read codes and links.
	 */
	public static final class Mailbox implements AuthMailer {

		private static final Pattern CODE = Pattern.compile("code is: (\\d+)");

		private static final Pattern TOKEN = Pattern.compile("[?&]token=([^\\s&]+)");

		private final List<AuthMail> mails = new CopyOnWriteArrayList<>();

		@Override
		public void send(AuthMail mail) {
			this.mails.add(mail);
		}

		public List<AuthMail> all() {
			return List.copyOf(this.mails);
		}

		public List<AuthMail> to(String email) {
			List<AuthMail> result = new ArrayList<>();
			for (AuthMail mail : this.mails) {
				if (mail.to().equalsIgnoreCase(email)) {
					result.add(mail);
				}
			}
			return result;
		}

		/** The newest message of a type to an address; fails when there is none. */
		public AuthMail last(String email, AuthMail.Type type) {
			List<AuthMail> matching = to(email).stream().filter((mail) -> mail.type() == type).toList();
			assertThat(matching).as("%s mail to %s", type, email).isNotEmpty();
			return matching.get(matching.size() - 1);
		}

		/** The verification code carried by a message. */
		public static String code(AuthMail mail) {
			Matcher matcher = CODE.matcher(mail.text());
			assertThat(matcher.find()).as("a code in: %s", mail.text()).isTrue();
			return matcher.group(1);
		}

		/** The {@code token} query parameter of the link carried by a message, URL-decoded. */
		public static String token(AuthMail mail) {
			Matcher matcher = TOKEN.matcher(mail.text());
			assertThat(matcher.find()).as("a link with token= in: %s", mail.text()).isTrue();
			return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
		}

		/** The first line of the body that starts with {@code http}: the link. */
		public static String link(AuthMail mail) {
			return mail.text().lines().filter((line) -> line.startsWith("http")).findFirst().orElseThrow();
		}

	}

}
