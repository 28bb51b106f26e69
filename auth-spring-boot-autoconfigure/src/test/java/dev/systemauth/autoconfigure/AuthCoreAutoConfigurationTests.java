package dev.systemauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.account.UserStatusService;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.flow.EmailVerificationFlow;
import dev.systemauth.core.flow.MagicLinkFlow;
import dev.systemauth.core.flow.PasswordResetFlow;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.AuthMailer;
import dev.systemauth.core.mail.LoggingAuthMailer;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.BoundedPasswordHasher;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.ACCESS_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.HASH_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.REFRESH_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbc;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbcConnectionString;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static dev.systemauth.autoconfigure.AuthTestSupport.postgresConnectionString;
import static dev.systemauth.autoconfigure.AuthTestSupport.schemaExists;
import static dev.systemauth.autoconfigure.AuthTestSupport.tableExists;
import static dev.systemauth.autoconfigure.AuthTestSupport.validPropertiesWithout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link AuthCoreAutoConfiguration} on a real PostgreSQL: the beans it creates, those it leaves to the
 * host, its two ways to reach the database, and the start-up failures that name the property at fault.
 */
class AuthCoreAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = runner()
		.withBean(DataSource.class, database::hostDataSource);


	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class))
			.withPropertyValues(VALID_PROPERTIES);
	}

	/** The valid configuration on the shared database, less one property. */
	private static ApplicationContextRunner runnerWithout(String key) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(validPropertiesWithout(key));
	}

	@Test
	void contextWhenHostDefinesUserStoreThenItIsUsedAndStatusChangesGoThroughIt() {
		List<UserStatus> statusWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.contextRunner.withBean("hostUserStore", UserStore.class, () -> {
			JdbcUserStore jdbcStore = new JdbcUserStore(new AuthDatabase(hostDataSource(database.get()), "auth"));
			return (UserStore) java.lang.reflect.Proxy.newProxyInstance(UserStore.class.getClassLoader(),
					new Class<?>[] { UserStore.class }, (proxy, method, args) -> {
						if (method.getName().equals("updateStatus")) {
							statusWrites.add((UserStatus) args[1]);
						}
						return method.invoke(jdbcStore, args);
					});
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(UserStore.class);
			assertThat(context).getBean("hostUserStore").isSameAs(context.getBean(UserStore.class));
			assertThat(context.getBean(UserStatusService.class).changeStatus(java.util.UUID.randomUUID(),
					UserStatus.SUSPENDED)).isFalse();
			assertThat(statusWrites).containsExactly(UserStatus.SUSPENDED);
		});
	}

	@Test
	void contextWhenDefaultsThenCoreBeansCreatedAndMigrationsApplied() {
		TestDatabase empty = TestDatabase.create();
		try {
			assertThat(schemaExists(empty, "auth")).isFalse();
			runner().withBean(DataSource.class, () -> hostDataSource(empty)).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(AuthDataSource.class)
					.hasSingleBean(AuthMigrationsInitializer.class)
					.hasSingleBean(AuthDatabase.class)
					.hasSingleBean(Clock.class)
					.hasSingleBean(AuditLog.class)
					.hasSingleBean(UserStore.class)
					.hasSingleBean(UserStatusService.class)
					.hasSingleBean(WorkspaceService.class)
					.hasSingleBean(TokenHasher.class)
					.hasSingleBean(AccessTokenService.class)
					.hasSingleBean(SessionService.class)
					.hasSingleBean(OneTimeTokenStore.class)
					.hasSingleBean(PasswordHasher.class)
					.hasSingleBean(PasswordPolicy.class)
					.hasSingleBean(AuthMailTemplates.class)
					.hasSingleBean(AuthLinks.class)
					.hasSingleBean(MailDispatcher.class)
					.hasSingleBean(ClassicSettings.class)
					.hasSingleBean(SignInFlow.class)
					.hasSingleBean(SignupFlow.class)
					.hasSingleBean(EmailVerificationFlow.class)
					.hasSingleBean(PasswordResetFlow.class)
					.hasSingleBean(MagicLinkFlow.class)
					.hasSingleBean(WorkspaceSwitchFlow.class)
					.hasSingleBean(AuthProvisioningService.class);
				assertThat(context.getBean(AuthDatabase.class).schema()).isEqualTo("auth");
				assertThat(tableExists(empty, "auth", "users")).isTrue();
				assertThat(tableExists(empty, "auth", "workspaces")).isTrue();
				assertThat(tableExists(empty, "auth", "audit_logs")).isTrue();
			});
		}
		finally {
			empty.drop();
		}
	}

	@Test
	void contextWhenNoConnectionStringThenSharesHostDataSource() {
		this.contextRunner.run((context) -> {
			AuthDataSource authDataSource = context.getBean(AuthDataSource.class);
			assertThat(authDataSource.isOwned()).isFalse();
			assertThat(authDataSource.getDataSource()).isSameAs(context.getBean(DataSource.class));
			assertThat(context.getBean(AuthDatabase.class).dataSource()).isSameAs(context.getBean(DataSource.class));
		});
	}

	@Test
	void contextWhenMigrationsDisabledThenNoInitializerAndNoTables() {
		this.contextRunner.withPropertyValues("auth.migrations.enabled=false", "auth.database.schema=auth_unmigrated")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AuthMigrationsInitializer.class);
				assertThat(context).hasSingleBean(AuthDatabase.class);
				assertThat(schemaExists(database.get(), "auth_unmigrated")).isFalse();
				assertThat(tableExists(database.get(), "auth_unmigrated", "users")).isFalse();
			});
	}

	@Test
	void contextWhenSchemaSetThenMigrationsApplyToThatSchema() {
		this.contextRunner.withPropertyValues("auth.database.schema=tenant_auth").run((context) -> {
			assertThat(context.getBean(AuthDatabase.class).schema()).isEqualTo("tenant_auth");
			assertThat(tableExists(database.get(), "tenant_auth", "users")).isTrue();
			assertThat(tableExists(database.get(), "tenant_auth", "auth_schema_history")).isTrue();
		});
	}

	@Test
	void contextWhenClassicPropertiesSetThenMappedOntoCoreSettings() {
		this.contextRunner
			.withPropertyValues("auth.classic.email-verification=click", "auth.classic.require-email-verification=false",
					"auth.classic.verification-code-length=8", "auth.classic.verification-max-attempts=3",
					"auth.classic.verification-token-ttl=7m", "auth.classic.reset-password-ttl=11m",
					"auth.classic.magic-link-ttl=13m", "auth.classic.password-min-length=12")
			.run((context) -> {
				assertThat(context.getBean(ClassicSettings.class)).isEqualTo(new ClassicSettings(false,
						VerificationMode.CLICK, 8, Duration.ofMinutes(7), 3,
						Duration.ofMinutes(11), Duration.ofMinutes(13)));
				assertThat(context.getBean(PasswordPolicy.class).getMinLength()).isEqualTo(12);
			});
	}

	@Test
	void contextWhenNoMailSenderThenDispatcherUsesLoggingMailer() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(AuthMailer.class);
			assertThat(context.getBean(MailDispatcher.class)).extracting("mailer").isInstanceOf(LoggingAuthMailer.class);
		});
	}

	@Test
	void contextWhenJavaMailNotOnClasspathThenStartsWithLoggingMailer() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.mail"))
			.withPropertyValues("spring.mail.host=127.0.0.1", "spring.mail.port=3025")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(JavaMailAuthMailer.class);
				assertThat(context).doesNotHaveBean(AuthMailer.class);
				assertThat(context.getBean(MailDispatcher.class)).extracting("mailer")
					.isInstanceOf(LoggingAuthMailer.class);
			});
	}

	@Test
	void contextWhenAuthMailerDefinedThenBacksOffAndDispatcherUsesIt() {
		BlockingQueue<AuthMail> sent = new LinkedBlockingQueue<>();
		AuthMailer mailer = sent::add;
		this.contextRunner.withBean(AuthMailer.class, () -> mailer).run((context) -> {
			assertThat(context).getBean(AuthMailer.class).isSameAs(mailer);
			AuthMail mail = new AuthMail(AuthMail.Type.PASSWORD_RESET, "dispatch@example.test", "Reset", "body");
			context.getBean(MailDispatcher.class).dispatch(mail);
			assertThat(sent.poll(10, TimeUnit.SECONDS)).isSameAs(mail);
		});
	}

	@Test
	void contextWhenPasswordHasherDefinedThenBacksOffAndProvisioningUsesIt() {
		PasswordHasher hasher = new BoundedPasswordHasher(11);
		this.contextRunner.withBean(PasswordHasher.class, () -> hasher).run((context) -> {
			assertThat(context).getBean(PasswordHasher.class).isSameAs(hasher);
			context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("hasher@example.test", "plum-orchard-cascade", "Hasher", "hasher-co", true);
			String hash = jdbc(database.get()).sql("SELECT password_hash FROM auth.users WHERE email = ?")
				.param("hasher@example.test")
				.query(String.class)
				.single();
			assertThat(hash).startsWith("$2a$11$");
		});
	}

	@Test
	void contextWhenClockDefinedThenBacksOffAndServicesUseIt() {
		Instant fixed = Instant.parse("2031-02-03T04:05:06Z");
		Clock clock = Clock.fixed(fixed, ZoneOffset.UTC);
		this.contextRunner.withBean(Clock.class, () -> clock).run((context) -> {
			assertThat(context).getBean(Clock.class).isSameAs(clock);
			context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("clock@example.test", "plum-orchard-cascade", "Clock", "clock-co", true);
			OffsetDateTime createdAt = jdbc(database.get()).sql("SELECT created_at FROM auth.users WHERE email = ?")
				.param("clock@example.test")
				.query(OffsetDateTime.class)
				.single();
			assertThat(createdAt.toInstant()).isEqualTo(fixed);
		});
	}

	@Test
	void contextWhenClassicDisabledThenNoClassicFlows() {
		this.contextRunner.withPropertyValues("auth.classic.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SignInFlow.class)
				.doesNotHaveBean(SignupFlow.class)
				.doesNotHaveBean(EmailVerificationFlow.class)
				.doesNotHaveBean(PasswordResetFlow.class)
				.doesNotHaveBean(MagicLinkFlow.class)
				.doesNotHaveBean(WorkspaceSwitchFlow.class);
			assertThat(context).hasSingleBean(AuthProvisioningService.class);
			assertThat(context).hasSingleBean(SessionService.class);
		});
	}

	@Test
	void contextWhenJdbcConnectionStringSetThenOwnPoolAndHostDataSourceUntouched() {
		TestDatabase hostOnly = TestDatabase.create();
		try {
			HikariDataSource host = (HikariDataSource) hostOnly.dataSource();
			AtomicReference<HikariDataSource> ownPool = new AtomicReference<>();
			runner().withBean(DataSource.class, () -> host, (definition) -> definition.setDestroyMethodName(""))
				.withPropertyValues("auth.database.connection-string=" + jdbcConnectionString(database.get()),
						"auth.database.max-pool-size=3")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AuthDataSource authDataSource = context.getBean(AuthDataSource.class);
					assertThat(authDataSource.isOwned()).isTrue();
					assertThat(authDataSource.getDataSource()).isNotSameAs(host)
						.isInstanceOfSatisfying(HikariDataSource.class, (pool) -> {
							assertThat(pool.getPoolName()).isEqualTo("auth");
							assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
							ownPool.set(pool);
						});
					assertThat(context.getBeansOfType(DataSource.class)).hasSize(1).containsValue(host);
					assertThat(tableExists(database.get(), "auth", "users")).isTrue();
					assertThat(schemaExists(hostOnly, "auth")).isFalse();
				});
			assertThat(ownPool.get().isClosed()).as("own pool closed with the context").isTrue();
			assertThat(host.isClosed()).as("host pool left open").isFalse();
		}
		finally {
			hostOnly.drop();
		}
	}

	@Test
	void contextWhenPostgresUrlConnectionStringSetThenOwnPoolConnects() {
		runner().withPropertyValues("auth.database.connection-string=" + postgresConnectionString(database.get()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(DataSource.class);
				AuthDataSource authDataSource = context.getBean(AuthDataSource.class);
				assertThat(authDataSource.isOwned()).isTrue();
				assertThat(authDataSource.getDataSource()).isInstanceOfSatisfying(HikariDataSource.class,
						(pool) -> assertThat(pool.getUsername()).isEqualTo(database.get().username()));
				Integer users = context.getBean(AuthDatabase.class)
					.jdbc()
					.sql("SELECT count(*) FROM auth.users")
					.query(Integer.class)
					.single();
				assertThat(users).isNotNull();
			});
	}

	@Test
	void contextWhenAccessSecretMissingThenFailsNamingProperty() {
		runnerWithout("auth.jwt.access-token-secret")
			.run((context) -> assertFailure(context, "auth.jwt.access-token-secret", "is required"));
	}

	@Test
	void contextWhenAccessSecretBlankThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.jwt.access-token-secret=  ")
			.run((context) -> assertFailure(context, "auth.jwt.access-token-secret", "is required"));
	}

	@Test
	void contextWhenSecretTooShortThenFailsNamingPropertyWithoutEchoingSecret() {
		String shortSecret = "too-short-secret-31-bytes-long!";
		assertThat(shortSecret).hasSize(31);
		this.contextRunner.withPropertyValues("auth.jwt.token-hash-secret=" + shortSecret).run((context) -> {
			assertFailure(context, "auth.jwt.token-hash-secret", "at least 32 bytes");
			assertThat(String.join("\n", messages(context.getStartupFailure()))).doesNotContain(shortSecret);
		});
	}

	@Test
	void contextWhenSecretsEqualThenFailsNamingPropertyWithoutEchoingSecret() {
		this.contextRunner.withPropertyValues("auth.jwt.refresh-token-secret=" + ACCESS_SECRET)
			.run((context) -> assertFailure(context, "auth.jwt.refresh-token-secret", "must differ"));
	}

	@Test
	void contextWhenAccessTokenTtlZeroThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.jwt.access-token-ttl=0s")
			.run((context) -> assertFailure(context, "auth.jwt.access-token-ttl", "must be positive"));
	}

	@Test
	void contextWhenRefreshTokenTtlNegativeThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.jwt.refresh-token-ttl=-1s")
			.run((context) -> assertFailure(context, "auth.jwt.refresh-token-ttl", "must be positive"));
	}

	@Test
	void contextWhenEmailVerificationUnknownThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.classic.email-verification=sms")
			.run((context) -> assertFailure(context, "auth.classic.email-verification", "VerificationMode"));
	}

	@Test
	void contextWhenGithubEnabledWithoutClientIdThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.github.enabled=true")
			.run((context) -> assertFailure(context, "auth.github.client-id", "is required"));
	}

	@Test
	void contextWhenOktaEnabledWithoutIssuerThenFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues("auth.okta.enabled=true", "auth.okta.client-id=demo", "auth.okta.client-secret=s3cret")
			.run((context) -> assertFailure(context, "auth.okta.issuer-uri", "is required"));
	}

	@Test
	void contextWhenBcryptCostBelowMinimumThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.password.bcrypt-cost=4")
			.run((context) -> assertFailure(context, "auth.password.bcrypt-cost", "between 10 and"));
	}

	@Test
	void contextWhenAuthDataSourceDefinedAndBcryptCostBelowMinimumThenFailsNamingProperty() {
		this.contextRunner.withBean(AuthDataSource.class, () -> AuthDataSource.shared(hostDataSource(database.get())))
			.withPropertyValues("auth.password.bcrypt-cost=4")
			.run((context) -> assertFailure(context, "auth.password.bcrypt-cost", "between 10 and"));
	}

	@Test
	void contextWhenVerifiedTokenCacheSizeNegativeThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.jwt.verified-token-cache-size=-1")
			.run((context) -> assertFailure(context, "auth.jwt.verified-token-cache-size", "between 0 and"));
	}

	@Test
	void contextWhenHashingThreadsNegativeThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.password.hashing-threads=-1")
			.run((context) -> assertFailure(context, "auth.password.hashing-threads", "between 0 and"));
	}

	@Test
	void contextWhenHashingQueueZeroThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.password.hashing-queue=0")
			.run((context) -> assertFailure(context, "auth.password.hashing-queue", "between 1 and"));
	}

	@Test
	void contextWhenHashingPropertiesSetThenHasherRunsOnThoseBounds() {
		this.contextRunner.withPropertyValues("auth.password.hashing-threads=3", "auth.password.hashing-queue=5")
			.run((context) -> {
				PasswordHashingExecutor executor = context.getBean(PasswordHasher.class).executor();
				assertThat(executor.threads()).isEqualTo(3);
				assertThat(executor.queueCapacity()).isEqualTo(5);
			});
	}

	@Test
	void contextWhenHashingPropertiesAbsentThenOneThreadPerProcessor() {
		this.contextRunner.run((context) -> {
			PasswordHashingExecutor executor = context.getBean(PasswordHasher.class).executor();
			assertThat(executor.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(executor.queueCapacity()).isEqualTo(PasswordHashingExecutor.DEFAULT_QUEUE_CAPACITY);
		});
	}

	@Test
	void contextWhenHostPasswordEncoderDefinedThenHasherUsesItOnTheBoundedExecutor() {
		PasswordEncoder pbkdf2 = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
		this.contextRunner.withPropertyValues("auth.password.hashing-threads=2", "auth.password.hashing-queue=7")
			.withBean(PasswordEncoder.class, () -> pbkdf2)
			.run((context) -> {
				PasswordHasher hasher = context.getBean(PasswordHasher.class);
				String hash = hasher.hash("plum-orchard-cascade");
				assertThat(hash).doesNotStartWith("$2");
				assertThat(pbkdf2.matches("plum-orchard-cascade", hash)).isTrue();
				assertThat(hasher.matches("plum-orchard-cascade", hash)).isTrue();
				assertThat(hasher.matches("plum-orchard-cascadf", hash)).isFalse();
				assertThat(hasher.executor().threads()).isEqualTo(2);
				assertThat(hasher.executor().queueCapacity()).isEqualTo(7);
				context.getBean(AuthProvisioningService.class)
					.provisionClassicUser("encoder@example.test", "plum-orchard-cascade", "Encoder", "encoder-co", true);
				String stored = jdbc(database.get()).sql("SELECT password_hash FROM auth.users WHERE email = ?")
					.param("encoder@example.test")
					.query(String.class)
					.single();
				assertThat(pbkdf2.matches("plum-orchard-cascade", stored)).isTrue();
			});
	}

	@Test
	void contextWhenNoPasswordEncoderThenBcryptAtConfiguredCost() {
		this.contextRunner.withPropertyValues("auth.password.bcrypt-cost=11")
			.run((context) -> assertThat(context.getBean(PasswordHasher.class).hash("plum-orchard-cascade"))
				.startsWith("$2a$11$"));
	}

	@Test
	void contextWhenClosedThenHashingExecutorShutDown() {
		AtomicReference<PasswordHasher> hasher = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			hasher.set(context.getBean(PasswordHasher.class));
			assertThat(hasher.get().hash("plum-orchard-cascade")).startsWith("$2a$10$");
		});
		assertThat(catchThrowable(() -> hasher.get().hash("plum-orchard-cascade"))).as("hashing after close")
			.isInstanceOfSatisfying(AuthException.class,
					(ex) -> assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.SERVER_BUSY));
	}

	@Test
	void contextWhenMailSenderThreadsZeroThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.mail.sender-threads=0")
			.run((context) -> assertFailure(context, "auth.mail.sender-threads", "between 1 and"));
	}

	@Test
	void contextWhenLinksBaseUrlMissingThenFailsNamingProperty() {
		runnerWithout("auth.links.base-url")
			.run((context) -> assertFailure(context, "auth.links.base-url", "absolute URL"));
	}

	@Test
	void contextWhenLinksBaseUrlRelativeThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.links.base-url=/app")
			.run((context) -> assertFailure(context, "auth.links.base-url", "absolute http(s) URL"));
	}

	@Test
	void contextWhenSchemaInvalidThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.database.schema=Auth-Schema")
			.run((context) -> assertFailure(context, "auth.database.schema", "lower-case identifier"));
	}

	@Test
	void contextWhenNoDataSourceAndNoConnectionStringThenFailsNamingProperty() {
		runner().run((context) -> assertFailure(context, "auth.database.connection-string", "no DataSource"));
	}

	@Test
	void contextWhenConnectionStringMalformedThenFailsNamingPropertyWithoutEchoingIt() {
		String password = "pa55-word-in-url";
		this.contextRunner
			.withPropertyValues("auth.database.connection-string=mysql://admin:" + password + "@db.example.test/app")
			.run((context) -> {
				assertFailure(context, "auth.database.connection-string", "must start with");
				assertThat(String.join("\n", messages(context.getStartupFailure()))).doesNotContain(password);
			});
	}

	/**
	 * The context failed; one message of the cause chain names the property and says why; no message
	 * carries a configured secret.
	 */
	private static void assertFailure(AssertableApplicationContext context, String property, String reason) {
		assertThat(context).hasFailed();
		List<String> messages = messages(context.getStartupFailure());
		assertThat(messages).anySatisfy((message) -> assertThat(message).contains(property).contains(reason));
		assertThat(String.join("\n", messages)).doesNotContain(ACCESS_SECRET, REFRESH_SECRET, HASH_SECRET);
	}

}
