package dev.systemauth.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.token.jwk.SigningAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pins every default of {@link AuthProperties}: a changed default changes what every host gets.
 */
class AuthPropertiesTests {

	private final AuthProperties properties = new AuthProperties();

	@Test
	void jwtDefaults() {
		AuthProperties.Jwt jwt = this.properties.getJwt();
		assertThat(jwt.getAccessTokenSecret()).isNull();
		assertThat(jwt.getRefreshTokenSecret()).isNull();
		assertThat(jwt.getTokenHashSecret()).isNull();
		assertThat(jwt.getAccessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
		assertThat(jwt.getRefreshTokenTtl()).isEqualTo(Duration.ofDays(14));
		assertThat(jwt.getIssuer()).isEqualTo("system-auth");
		assertThat(jwt.getAudience()).isEqualTo("system-auth-clients");
		assertThat(jwt.getClockSkew()).isEqualTo(Duration.ofSeconds(30));
		assertThat(jwt.getRefreshReuseGrace()).isEqualTo(Duration.ZERO);
		assertThat(jwt.getVerifiedTokenCacheSize()).isEqualTo(10_000);
	}

	@Test
	void jwtSigningDefaults() {
		AuthProperties.Jwt jwt = this.properties.getJwt();
		assertThat(jwt.getAlgorithm()).isEqualTo(SigningAlgorithm.HS256);
		assertThat(jwt.getSigningKey()).isNull();
		assertThat(jwt.getPreviousVerificationKeys()).isEmpty();
		assertThat(jwt.getJwkSetMaxAge()).isEqualTo(Duration.ofMinutes(5));
		assertThat(jwt.getKeyStore().getLocation()).isNull();
		assertThat(jwt.getKeyStore().getType()).isEqualTo("PKCS12");
	}

	@Test
	void bindWhenAlgorithmWrittenAsItsJwsNameThenBound() {
		for (String name : new String[] { "EdDSA", "ES256", "rs256", "HS256" }) {
			assertThat(bind(Map.of("auth.jwt.algorithm", name)).getJwt().getAlgorithm().jwsName())
				.isEqualToIgnoringCase(name);
		}
	}

	@Test
	void classicDefaults() {
		AuthProperties.Classic classic = this.properties.getClassic();
		assertThat(classic.isEnabled()).isTrue();
		assertThat(classic.isSignup()).isTrue();
		assertThat(classic.isResetPassword()).isTrue();
		assertThat(classic.isMagicLink()).isFalse();
		assertThat(classic.getEmailVerification()).isEqualTo(VerificationMode.CODE);
		assertThat(classic.isRequireEmailVerification()).isTrue();
		assertThat(classic.getPasswordMinLength()).isEqualTo(8);
		assertThat(classic.getVerificationCodeLength()).isEqualTo(6);
		assertThat(classic.getVerificationMaxAttempts()).isEqualTo(5);
		assertThat(classic.getVerificationTokenTtl()).isEqualTo(Duration.ofMinutes(20));
		assertThat(classic.getResetPasswordTtl()).isEqualTo(Duration.ofMinutes(30));
		assertThat(classic.getMagicLinkTtl()).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void databaseDefaults() {
		AuthProperties.Database database = this.properties.getDatabase();
		assertThat(database.getConnectionString()).isNull();
		assertThat(database.isSsl()).isFalse();
		assertThat(database.getMaxPoolSize()).isEqualTo(20);
		assertThat(database.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(database.getSchema()).isEqualTo("auth");
	}

	/** Issue 10 item 9: the fast and safe setting is the default. */
	@Test
	void membershipCacheDefaults() {
		AuthProperties.MembershipCache cache = this.properties.getMembershipCache();
		assertThat(cache.isEnabled()).isTrue();
		assertThat(cache.getTtl()).isEqualTo(Duration.ofSeconds(60));
		assertThat(cache.getMaxEntries()).isEqualTo(100_000);
	}

	/** Issue 14: the member and invitation routes are on, invitations live 7 days. */
	@Test
	void workspacesAndInvitationsDefaults() {
		assertThat(this.properties.getWorkspaces().isHttpApi()).isTrue();
		AuthProperties.Invitations invitations = this.properties.getInvitations();
		assertThat(invitations.getTtl()).isEqualTo(Duration.ofDays(7));
		assertThat(invitations.getLimitWindow()).isEqualTo(Duration.ofHours(1));
		assertThat(invitations.getMaxPerInviter()).isEqualTo(20);
		assertThat(invitations.getMaxPerWorkspace()).isEqualTo(100);
		assertThat(invitations.getMaxPerRecipient()).isEqualTo(3);
		assertThat(this.properties.getLinks().getInvitationPath()).isEqualTo("/accept-invitation");
	}

	@Test
	void migrationsEnabledByDefault() {
		assertThat(this.properties.getMigrations().isEnabled()).isTrue();
	}

	@Test
	void bcryptCostDefaultsToMinimum() {
		assertThat(this.properties.getPassword().getBcryptCost()).isEqualTo(10);
	}

	@Test
	void hashingDefaultsToOneThreadPerProcessorAndSixtyFourQueued() {
		assertThat(this.properties.getPassword().getHashingThreads()).as("0: one per processor").isZero();
		assertThat(this.properties.getPassword().getHashingQueue()).isEqualTo(64);
	}

	@Test
	void breachCheckDefaultsToOffFailingOpenAfterTwoSeconds() {
		AuthProperties.Password.BreachCheck breachCheck = this.properties.getPassword().getBreachCheck();
		assertThat(breachCheck.isEnabled()).isFalse();
		assertThat(breachCheck.getApiUrl()).isEqualTo("https://api.pwnedpasswords.com/range/");
		assertThat(breachCheck.getTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(breachCheck.getOnError()).isEqualTo(PasswordPolicy.OnCheckerError.ALLOW);
	}

	@Test
	void linksDefaults() {
		AuthProperties.Links links = this.properties.getLinks();
		assertThat(links.getBaseUrl()).isNull();
		assertThat(links.getVerifyEmailPath()).isEqualTo("/verify-email");
		assertThat(links.getResetPasswordPath()).isEqualTo("/reset-password");
		assertThat(links.getMagicLinkPath()).isEqualTo("/magic-link");
		assertThat(links.getOauthCompletePath()).isEqualTo("/oauth/complete");
	}

	@Test
	void mailDefaults() {
		AuthProperties.Mail mail = this.properties.getMail();
		assertThat(mail.getFrom()).isEqualTo("no-reply@localhost");
		assertThat(mail.getApplicationName()).isEqualTo("System Auth");
		assertThat(mail.isLogContents()).isFalse();
		assertThat(mail.getSenderThreads()).isEqualTo(2);
	}

	@Test
	void webDefaults() {
		AuthProperties.Web web = this.properties.getWeb();
		assertThat(web.getBasePath()).isEqualTo("/auth");
		assertThat(web.getProtectedPaths()).isEmpty();
		assertThat(web.getFilterOrder()).isEqualTo(-50);
		assertThat(web.getMaxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
		assertThat(web.getTrustedProxies()).isEmpty();
		assertThat(web.getSecurityFilterChain().isEnabled()).as("the starter's chain, with Spring Security").isTrue();
		assertThat(web.getOpenapi().isEnabled()).as("the OpenAPI route").isFalse();
	}

	@Test
	void providersDisabledByDefault() {
		assertThat(this.properties.getGithub().isEnabled()).isFalse();
		assertThat(this.properties.getGoogle().isEnabled()).isFalse();
		assertThat(this.properties.getSso().isEnabled()).isFalse();
		assertThat(this.properties.getOkta().isEnabled()).isFalse();
		assertThat(this.properties.getGithub().getClientId()).isEmpty();
	}

	@Test
	void githubDefaultsToGitHubComWithPrimaryEmailScopes() {
		AuthProperties.GitHub github = this.properties.getGithub();
		assertThat(github.getAuthorizationUri()).isEqualTo("https://github.com/login/oauth/authorize");
		assertThat(github.getTokenUri()).isEqualTo("https://github.com/login/oauth/access_token");
		assertThat(github.getUserInfoUri()).isEqualTo("https://api.github.com/user");
		assertThat(github.getUserEmailsUri()).isEqualTo("https://api.github.com/user/emails");
		assertThat(github.getScopes()).containsExactly("read:user", "user:email");
		assertThat(github.getClientSecret()).isEmpty();
		assertThat(github.isSignup()).isTrue();
		assertThat(github.getRedirectUri()).isNull();
		assertThat(github.getTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void oidcDefaultsGoogleIssuerOthersNoneNoWorkspace() {
		assertThat(this.properties.getGoogle().getIssuerUri()).isEqualTo("https://accounts.google.com");
		assertThat(this.properties.getGoogle().getScopes()).containsExactly("openid", "email", "profile");
		for (AuthProperties.Sso sso : java.util.List.of(this.properties.getSso(), this.properties.getOkta())) {
			assertThat(sso.getIssuerUri()).isNull();
			assertThat(sso.getScopes()).containsExactly("openid", "email", "profile");
			assertThat(sso.isSignup()).isTrue();
			assertThat(sso.getWorkspaceId()).isNull();
			assertThat(sso.getRole()).isEqualTo("member");
			assertThat(sso.getAllowedEmailDomains()).isEmpty();
		}
	}

	@Test
	void bindWhenEmailVerificationClickThenClick() {
		AuthProperties bound = bind(Map.of("auth.classic.email-verification", "click"));
		assertThat(bound.getClassic().getEmailVerification()).isEqualTo(VerificationMode.CLICK);
	}

	@Test
	void bindWhenEmailVerificationUnknownThenFailsNamingProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("auth.classic.email-verification", "sms")))
			.withMessageContaining("auth.classic.email-verification");
	}

	@Test
	void bindWhenDurationsAndListsGivenThenBound() {
		AuthProperties bound = bind(Map.of("auth.jwt.access-token-ttl", "5m", "auth.jwt.refresh-token-ttl", "30d",
				"auth.jwt.refresh-reuse-grace", "10s", "auth.web.protected-paths", "/api/**,/admin/**",
				"auth.web.max-body-size", "16KB", "auth.database.max-pool-size", "7"));
		assertThat(bound.getJwt().getAccessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(bound.getJwt().getRefreshTokenTtl()).isEqualTo(Duration.ofDays(30));
		assertThat(bound.getJwt().getRefreshReuseGrace()).isEqualTo(Duration.ofSeconds(10));
		assertThat(bound.getWeb().getProtectedPaths()).containsExactly("/api/**", "/admin/**");
		assertThat(bound.getWeb().getMaxBodySize()).isEqualTo(DataSize.ofKilobytes(16));
		assertThat(bound.getDatabase().getMaxPoolSize()).isEqualTo(7);
	}

	@Test
	void bindWhenSecurityFilterChainDisabledThenDisabled() {
		AuthProperties bound = bind(Map.of("auth.web.security-filter-chain.enabled", "false"));
		assertThat(bound.getWeb().getSecurityFilterChain().isEnabled()).isFalse();
	}

	private static AuthProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		return binder.bind("auth", Bindable.ofInstance(new AuthProperties())).get();
	}

}
