package dev.systemauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.password.CompromisedPasswordChecker;

import dev.systemauth.core.account.AccountStore;
import dev.systemauth.autoconfigure.event.ActuatorAuditEvents;
import dev.systemauth.autoconfigure.health.AuthHealthIndicator;
import dev.systemauth.autoconfigure.metrics.AuthAccessMetrics;
import dev.systemauth.autoconfigure.metrics.AuthMetrics;
import dev.systemauth.autoconfigure.event.AuthAuditEvent;
import dev.systemauth.core.audit.AuditEventListener;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.AuthMailer;
import dev.systemauth.core.mail.DefaultAuthMailTemplates;
import dev.systemauth.core.mail.LoggingAuthMailer;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.session.EndedSessions;
import dev.systemauth.core.session.SessionEndListener;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.session.SessionStore;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.MembershipChangeListener;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.token.TokenHasher;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.migrations.DatabaseUrl;

/**
 * Wires the core services onto the database and maps {@code auth.*} onto core settings. Every bean
 * backs off when the application defines its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration" })
@ConditionalOnClass(AuthDatabase.class)
@EnableConfigurationProperties(AuthProperties.class)
@Import(ClassicFlowsConfiguration.class)
public final class AuthCoreAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AuthCoreAutoConfiguration.class);

	/**
	 * Validates the properties here rather than in a replaceable bean, so that a host defining its own
	 * {@link AuthDataSource} (or any other bean) still gets the fail-fast checks.
	 */
	AuthCoreAutoConfiguration(AuthProperties properties) {
		AuthPropertiesValidator.validate(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	AuthDataSource authDataSource(AuthProperties properties, ObjectProvider<DataSource> applicationDataSource) {
		AuthProperties.Database database = properties.getDatabase();
		String connectionString = database.getConnectionString();
		if (connectionString != null && !connectionString.isBlank()) {
			return AuthDataSource.owned(ownPool(database, connectionString));
		}
		DataSource dataSource = applicationDataSource.getIfAvailable();
		if (dataSource == null) {
			throw new InvalidConfigurationPropertyValueException("auth.database.connection-string", null,
					"no DataSource is configured: set auth.database.connection-string or spring.datasource.url");
		}
		return AuthDataSource.shared(dataSource);
	}

	private static HikariDataSource ownPool(AuthProperties.Database database, String connectionString) {
		DatabaseUrl url;
		try {
			url = DatabaseUrl.parse(connectionString);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("auth.database.connection-string", "<redacted>",
					ex.getMessage());
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("auth");
		config.setJdbcUrl(url.jdbcUrl());
		if (url.username() != null) {
			config.setUsername(url.username());
		}
		if (url.password() != null) {
			config.setPassword(url.password());
		}
		config.setMaximumPoolSize(database.getMaxPoolSize());
		config.setConnectionTimeout(Math.max(250, database.getConnectionTimeout().toMillis()));
		config.setInitializationFailTimeout(-1);
		if (database.isSsl()) {
			config.addDataSourceProperty("sslmode", "require");
		}
		return new HikariDataSource(config);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "auth.migrations.enabled", matchIfMissing = true)
	AuthMigrationsInitializer authMigrationsInitializer(AuthDataSource dataSource, AuthProperties properties) {
		return new AuthMigrationsInitializer(
				new AuthMigrations(dataSource.getDataSource(), properties.getDatabase().getSchema()));
	}

	@Bean
	@ConditionalOnMissingBean
	AuthDatabase authDatabase(AuthDataSource dataSource, AuthProperties properties,
			ObjectProvider<AuthMigrationsInitializer> migrations) {
		migrations.ifAvailable((initializer) -> {
		});
		return new AuthDatabase(dataSource.getDataSource(), properties.getDatabase().getSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	Clock authClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	AuditLog authAuditLog(AuthDatabase database, Clock clock, ObjectProvider<AuditEventListener> listeners) {
		List<AuditEventListener> all = listeners.orderedStream().toList();
		AuditEventListener listener = all.isEmpty() ? AuditEventListener.NONE
				: (event) -> all.forEach((each) -> each.onAuditEvent(event));
		return new AuditLog(database, clock, listener);
	}

	/** Every audit event becomes an {@link AuthAuditEvent} that hosts receive with {@code @EventListener}. */
	@Bean
	@ConditionalOnMissingBean(name = "authApplicationEvents")
	AuditEventListener authApplicationEvents(ApplicationEventPublisher publisher) {
		return (event) -> publisher.publishEvent(new AuthAuditEvent(event));
	}

	/**
	 * With Micrometer, the starter's meters: audit events by type and outcome, protected-request checks by
	 * outcome, the hashing queue, the cache.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuthMetrics authMetrics(ObjectProvider<PasswordHasher> passwordHasher, ObjectProvider<MembershipCache> cache) {
			return new AuthMetrics(passwordHasher, cache);
		}

		/** The {@code auth.access} timer, told of every protected request's check by the web layer. */
		@Bean
		@ConditionalOnMissingBean
		AuthAccessMetrics authAccessMetrics() {
			return new AuthAccessMetrics();
		}

	}

	/** With Spring Boot's health support, {@code /actuator/health} reports the auth database and listener. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("auth")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "authHealthIndicator")
		AuthHealthIndicator authHealthIndicator(AuthDatabase database, ObjectProvider<MembershipCache> cache) {
			return new AuthHealthIndicator(database, cache.getIfAvailable());
		}

	}

	/** With Actuator, every audit event also reaches the host's {@code AuditEventRepository}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.audit.listener.AuditApplicationEvent")
	static class ActuatorAuditConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ActuatorAuditEvents authActuatorAuditEvents(ApplicationEventPublisher publisher) {
			return new ActuatorAuditEvents(publisher);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	AccountStore authAccountStore(AuthDatabase database, ObjectProvider<MembershipCache> cache) {
		return new AccountStore(database, cache.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkspaceService authWorkspaceService(AuthDatabase database, AuditLog auditLog, Clock clock,
			ObjectProvider<MembershipCache> cache) {
		return new WorkspaceService(database, auditLog, clock, cache.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenHasher authTokenHasher(AuthProperties properties) {
		AuthProperties.Jwt jwt = properties.getJwt();
		return new TokenHasher(jwt.getTokenHashSecret().getBytes(StandardCharsets.UTF_8),
				jwt.getPreviousTokenHashSecrets().stream().map((secret) -> secret.getBytes(StandardCharsets.UTF_8)).toList());
	}

	@Bean
	@ConditionalOnMissingBean
	AccessTokenService authAccessTokenService(AuthProperties properties, Clock clock) {
		AuthProperties.Jwt jwt = properties.getJwt();
		return new AccessTokenService(SigningKeysLoader.load(jwt), jwt.getAccessTokenTtl(), jwt.getIssuer(),
				jwt.getAudience(), jwt.getClockSkew(), clock, jwt.getVerifiedTokenCacheSize());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionService authSessionService(AuthDatabase database, AccessTokenService accessTokens, TokenHasher hasher,
			AuditLog auditLog, AuthProperties properties, Clock clock, ObjectProvider<MembershipCache> cache) {
		AuthProperties.Jwt jwt = properties.getJwt();
		MembershipCache membershipCache = cache.getIfAvailable();
		SessionEndListener endListener = (membershipCache != null) ? membershipCache::sessionsEnded
				: SessionEndListener.NONE;
		return new SessionService(database, accessTokens, new RefreshTokenStore(database), hasher,
				jwt.getRefreshTokenSecret(), jwt.getRefreshTokenTtl(), jwt.getRefreshReuseGrace(), auditLog, clock,
				endListener);
	}

	@Bean
	@ConditionalOnMissingBean
	OneTimeTokenStore authOneTimeTokenStore(AuthDatabase database) {
		return new OneTimeTokenStore(database);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	PasswordHasher authPasswordHasher(AuthProperties properties) {
		AuthProperties.Password password = properties.getPassword();
		int threads = (password.getHashingThreads() > 0) ? password.getHashingThreads()
				: PasswordHashingExecutor.defaultThreads();
		return new PasswordHasher(password.getBcryptCost(),
				new PasswordHashingExecutor(threads, password.getHashingQueue()));
	}

	@Bean
	@ConditionalOnMissingBean
	PasswordPolicy authPasswordPolicy(AuthProperties properties,
			ObjectProvider<CompromisedPasswordChecker> compromisedPasswordChecker) {
		PasswordPolicy policy = PasswordPolicy.withMinLength(properties.getClassic().getPasswordMinLength())
			.withContextWords(List.of(properties.getMail().getApplicationName()));
		CompromisedPasswordChecker checker = compromisedPasswordChecker.getIfUnique();
		return (checker != null) ? policy.withCompromisedPasswordChecker(checker,
				properties.getPassword().getBreachCheck().getOnError()) : policy;
	}

	@Bean
	@ConditionalOnMissingBean
	AuthMailTemplates authMailTemplates(AuthProperties properties) {
		return new DefaultAuthMailTemplates(properties.getMail().getApplicationName());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthLinks authLinks(AuthProperties properties) {
		AuthProperties.Links links = properties.getLinks();
		String baseUrl = links.getBaseUrl();
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("auth.links.base-url", null,
					"the absolute URL of your front end is required to build emailed links");
		}
		try {
			return new AuthLinks(baseUrl, links.getVerifyEmailPath(), links.getResetPasswordPath(),
					links.getMagicLinkPath());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("auth.links.base-url", baseUrl, ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	MailDispatcher authMailDispatcher(ObjectProvider<AuthMailer> mailer, AuthProperties properties) {
		AuthMailer selected = mailer.getIfAvailable(() -> {
			logger.warn("*** No mail server is configured (spring.mail.host) and no AuthMailer bean is defined: "
					+ "verification, reset and magic-link emails are NOT sent. Configure mail before production. ***");
			return new LoggingAuthMailer(properties.getMail().isLogContents());
		});
		return new MailDispatcher(selected, mailExecutor(properties.getMail().getSenderThreads()));
	}

	private static ExecutorService mailExecutor(int threads) {
		AtomicInteger counter = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1000), (runnable) -> {
					Thread thread = new Thread(runnable, "auth-mail-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean
	ClassicSettings authClassicSettings(AuthProperties properties) {
		AuthProperties.Classic classic = properties.getClassic();
		return new ClassicSettings(classic.isRequireEmailVerification(), classic.getEmailVerification(),
				classic.getVerificationCodeLength(), classic.getVerificationTokenTtl(),
				classic.getVerificationMaxAttempts(), classic.getResetPasswordTtl(), classic.getMagicLinkTtl());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthProvisioningService authProvisioningService(AuthDatabase database, AccountStore accounts,
			WorkspaceService workspaces, PasswordHasher passwordHasher, PasswordPolicy passwordPolicy,
			AuditLog auditLog, Clock clock) {
		return new AuthProvisioningService(database, accounts, workspaces, passwordHasher, passwordPolicy, auditLog,
				clock);
	}

	@Bean
	@ConditionalOnMissingBean
	AbuseGuard authAbuseGuard(AuthDatabase database, TokenHasher hasher, AuthProperties properties, Clock clock) {
		AuthProperties.Throttle throttle = properties.getThrottle();
		ThrottleSettings settings = new ThrottleSettings(throttle.isEnabled(), throttle.getAccountMaxFailures(),
				throttle.getAccountWindow(), throttle.getIpMaxAttempts(), throttle.getIpWindow(),
				throttle.getEmailMaxPerRecipient(), throttle.getEmailWindow(), throttle.getIpMaxEmailRequests());
		return new AbuseGuard(new ThrottleStore(database), hasher, settings, clock);
	}

	/**
	 * Spring Security's Have I Been Pwned client, when {@code auth.password.breach-check.enabled}; a host's own
	 * {@link CompromisedPasswordChecker} bean replaces it (and is used even when the check is not enabled).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { PwnedPasswordsChecker.SPRING_SECURITY_CHECKER,
			"org.springframework.web.client.RestClient" })
	@ConditionalOnBooleanProperty(name = "auth.password.breach-check.enabled")
	static class BreachCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean(CompromisedPasswordChecker.class)
		CompromisedPasswordChecker authCompromisedPasswordChecker(AuthProperties properties) {
			AuthProperties.Password.BreachCheck breachCheck = properties.getPassword().getBreachCheck();
			return PwnedPasswordsChecker.create(breachCheck.getApiUrl(), breachCheck.getTimeout());
		}

	}

	/** Fails start-up when the breach check is enabled but its client is not on the classpath. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(PwnedPasswordsChecker.SPRING_SECURITY_CHECKER)
	@ConditionalOnBooleanProperty(name = "auth.password.breach-check.enabled")
	static class BreachCheckMissingConfiguration {

		BreachCheckMissingConfiguration() {
			throw new InvalidConfigurationPropertyValueException("auth.password.breach-check.enabled", true,
					"needs spring-security-web (HaveIBeenPwnedRestApiPasswordChecker) on the classpath");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "auth.membership-cache.enabled", matchIfMissing = true)
	static class MembershipCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MembershipCache authMembershipCache(AuthProperties properties, Clock clock, AuthDatabase database) {
			AuthProperties.MembershipCache cache = properties.getMembershipCache();
			AuthProperties.Jwt jwt = properties.getJwt();
			// an ended session's access tokens all expire within their lifetime plus the skew
			EndedSessions ended = new EndedSessions(jwt.getAccessTokenTtl().plus(jwt.getClockSkew()),
					cache.getMaxEntries(), clock);
			SessionStore sessions = new SessionStore(database);
			return new MembershipCache(cache.getTtl(), cache.getMaxEntries(), clock, ended, sessions::endedSince);
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		MembershipChangeListener authMembershipChangeListener(MembershipCache cache, AuthDataSource dataSource,
				AuthDatabase database) {
			MembershipChangeListener listener = new MembershipChangeListener(dedicatedConnections(dataSource), cache);
			listener.start();
			return listener;
		}

		/** A connection outside the pool when the pool says how to open one, so listening never costs a slot. */
		private static MembershipChangeListener.ConnectionSource dedicatedConnections(AuthDataSource dataSource) {
			if (dataSource.getDataSource() instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
				return () -> {
					java.util.Properties info = new java.util.Properties();
					info.putAll(hikari.getDataSourceProperties());
					if (hikari.getUsername() != null) {
						info.setProperty("user", hikari.getUsername());
					}
					if (hikari.getPassword() != null) {
						info.setProperty("password", hikari.getPassword());
					}
					info.setProperty("connectTimeout", "5");
					// a silently dead peer fails the once-a-second liveness check instead of blocking it
					info.setProperty("socketTimeout", "3");
					return java.sql.DriverManager.getConnection(hikari.getJdbcUrl(), info);
				};
			}
			return () -> dataSource.getDataSource().getConnection();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
	static class JavaMailConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(
				type = "org.springframework.mail.javamail.JavaMailSender")
		AuthMailer authJavaMailer(org.springframework.mail.javamail.JavaMailSender mailSender,
				AuthProperties properties) {
			return new JavaMailAuthMailer(mailSender, properties.getMail().getFrom());
		}

	}

}
