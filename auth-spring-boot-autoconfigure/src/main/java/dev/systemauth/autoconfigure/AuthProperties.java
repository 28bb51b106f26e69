package dev.systemauth.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.token.jwk.SigningAlgorithm;

/**
 * Configuration of the auth starter, mirroring the options of the original {@code AuthModule.register}.
 * <p>
 * It is long (over 900 lines) on purpose: it is the one {@code auth.*} tree, a JavaBean with nested groups,
 * from which the configuration processor writes the metadata IDEs complete; splitting the groups into
 * top-level classes would change nothing but the file count, as in Spring Boot's own {@code *Properties}.
 */
@ConfigurationProperties("auth")
public class AuthProperties {

	private final Database database = new Database();

	private final Migrations migrations = new Migrations();

	private final Jwt jwt = new Jwt();

	private final Classic classic = new Classic();

	private final Password password = new Password();

	private final Links links = new Links();

	private final Mail mail = new Mail();

	private final Web web = new Web();

	private final Throttle throttle = new Throttle();

	private final MembershipCache membershipCache = new MembershipCache();

	private final GitHub github = new GitHub();

	private final Oidc google = new Oidc("https://accounts.google.com");

	private final Sso sso = new Sso();

	private final Sso okta = new Sso();

	// --- workspace invitations and members (issue 14) ---
	private final Workspaces workspaces = new Workspaces();

	private final Invitations invitations = new Invitations();

	public Workspaces getWorkspaces() {
		return this.workspaces;
	}

	public Invitations getInvitations() {
		return this.invitations;
	}
	// --- end workspace invitations and members ---

	public Database getDatabase() {
		return this.database;
	}

	public Migrations getMigrations() {
		return this.migrations;
	}

	public Jwt getJwt() {
		return this.jwt;
	}

	public Classic getClassic() {
		return this.classic;
	}

	public Password getPassword() {
		return this.password;
	}

	public Links getLinks() {
		return this.links;
	}

	public Mail getMail() {
		return this.mail;
	}

	public Web getWeb() {
		return this.web;
	}

	public Throttle getThrottle() {
		return this.throttle;
	}

	public MembershipCache getMembershipCache() {
		return this.membershipCache;
	}

	public GitHub getGithub() {
		return this.github;
	}

	public Oidc getGoogle() {
		return this.google;
	}

	public Sso getSso() {
		return this.sso;
	}

	public Sso getOkta() {
		return this.okta;
	}

	public static class Database {

		/**
		 * PostgreSQL connection string (postgres://user:pass@host:5432/db or jdbc:postgresql://...). When
		 * set, the starter builds its own connection pool; when not, it uses the application's DataSource.
		 */
		private @Nullable String connectionString;

		/** Whether the starter's own pool connects with SSL (sslmode=require). */
		private boolean ssl = false;

		/** Maximum size of the starter's own connection pool. */
		private int maxPoolSize = 20;

		/** How long the starter's own pool waits for a connection before the request fails with 503. */
		private Duration connectionTimeout = Duration.ofSeconds(5);

		/** PostgreSQL schema of the library's tables. */
		private String schema = "auth";

		public @Nullable String getConnectionString() {
			return this.connectionString;
		}

		public void setConnectionString(@Nullable String connectionString) {
			this.connectionString = connectionString;
		}

		public boolean isSsl() {
			return this.ssl;
		}

		public void setSsl(boolean ssl) {
			this.ssl = ssl;
		}

		public int getMaxPoolSize() {
			return this.maxPoolSize;
		}

		public void setMaxPoolSize(int maxPoolSize) {
			this.maxPoolSize = maxPoolSize;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public String getSchema() {
			return this.schema;
		}

		public void setSchema(String schema) {
			this.schema = schema;
		}

	}

	public static class Migrations {

		/** Whether to apply the library's migrations on start-up. */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Jwt {

		/** Secret that signs access tokens (HS256 over its UTF-8 bytes); at least 32 bytes. */
		private @Nullable String accessTokenSecret;

		/** Secret from which refresh-token successors are derived; at least 32 bytes. */
		private @Nullable String refreshTokenSecret;

		/** Secret of the keyed hash under which tokens and codes are stored; at least 32 bytes. */
		private @Nullable String tokenHashSecret;

		/**
		 * Access secrets rotated out: tokens signed with them (recognised by their kid) still verify until the
		 * secret is removed from this list.
		 */
		private List<String> previousAccessTokenSecrets = new ArrayList<>();

		/**
		 * Token-hash secrets rotated out: tokens and codes stored under them are still found until the secret is
		 * removed from this list.
		 */
		private List<String> previousTokenHashSecrets = new ArrayList<>();

		/** Lifetime of access tokens. */
		private Duration accessTokenTtl = Duration.ofMinutes(15);

		/** Lifetime of refresh tokens (each rotation starts a new lifetime). */
		private Duration refreshTokenTtl = Duration.ofDays(14);

		/** Value of the iss claim. */
		private String issuer = "system-auth";

		/** Value of the aud claim. */
		private String audience = "system-auth-clients";

		/** Clock skew tolerated when checking exp and iat. */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * Window in which a just-rotated refresh token may be presented again and yields the same successor
		 * instead of revoking the session; 0 means strict reuse detection.
		 */
		private Duration refreshReuseGrace = Duration.ZERO;

		/**
		 * Access tokens remembered after a successful verification (by their SHA-256; expiry is re-checked on
		 * each use), so a repeat presentation skips parsing and the signature check; 0 disables.
		 */
		private int verifiedTokenCacheSize = 10_000;

		public @Nullable String getAccessTokenSecret() {
			return this.accessTokenSecret;
		}

		public void setAccessTokenSecret(@Nullable String accessTokenSecret) {
			this.accessTokenSecret = accessTokenSecret;
		}

		public @Nullable String getRefreshTokenSecret() {
			return this.refreshTokenSecret;
		}

		public void setRefreshTokenSecret(@Nullable String refreshTokenSecret) {
			this.refreshTokenSecret = refreshTokenSecret;
		}

		public @Nullable String getTokenHashSecret() {
			return this.tokenHashSecret;
		}

		public void setTokenHashSecret(@Nullable String tokenHashSecret) {
			this.tokenHashSecret = tokenHashSecret;
		}

		public List<String> getPreviousAccessTokenSecrets() {
			return this.previousAccessTokenSecrets;
		}

		public void setPreviousAccessTokenSecrets(List<String> previousAccessTokenSecrets) {
			this.previousAccessTokenSecrets = previousAccessTokenSecrets;
		}

		public List<String> getPreviousTokenHashSecrets() {
			return this.previousTokenHashSecrets;
		}

		public void setPreviousTokenHashSecrets(List<String> previousTokenHashSecrets) {
			this.previousTokenHashSecrets = previousTokenHashSecrets;
		}

		public Duration getAccessTokenTtl() {
			return this.accessTokenTtl;
		}

		public void setAccessTokenTtl(Duration accessTokenTtl) {
			this.accessTokenTtl = accessTokenTtl;
		}

		public Duration getRefreshTokenTtl() {
			return this.refreshTokenTtl;
		}

		public void setRefreshTokenTtl(Duration refreshTokenTtl) {
			this.refreshTokenTtl = refreshTokenTtl;
		}

		public String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(String issuer) {
			this.issuer = issuer;
		}

		public String getAudience() {
			return this.audience;
		}

		public void setAudience(String audience) {
			this.audience = audience;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Duration getRefreshReuseGrace() {
			return this.refreshReuseGrace;
		}

		public void setRefreshReuseGrace(Duration refreshReuseGrace) {
			this.refreshReuseGrace = refreshReuseGrace;
		}

		public int getVerifiedTokenCacheSize() {
			return this.verifiedTokenCacheSize;
		}

		public void setVerifiedTokenCacheSize(int verifiedTokenCacheSize) {
			this.verifiedTokenCacheSize = verifiedTokenCacheSize;
		}

		// Asymmetric signing and the published keys (issue 15).

		/**
		 * Algorithm that signs access tokens: HS256 (a shared secret, nothing published), or EdDSA (Ed25519),
		 * ES256 or RS256 (a private key; the public keys are published at {base}/.well-known/jwks.json).
		 */
		private SigningAlgorithm algorithm = SigningAlgorithm.HS256;

		/**
		 * Private key that signs access tokens with an asymmetric algorithm: an unencrypted PKCS#8 PEM
		 * (-----BEGIN PRIVATE KEY-----).
		 */
		private @Nullable String signingKey;

		/**
		 * Public keys (PEM) that still verify access tokens and are published by kid: keys rotated out, until
		 * the tokens they signed have expired, or the next key, ahead of a rotation.
		 */
		private List<String> previousVerificationKeys = new ArrayList<>();

		/** How long verifiers may cache the published JWK Set (Cache-Control max-age). */
		private Duration jwkSetMaxAge = Duration.ofMinutes(5);

		/** Key store holding the signing key, instead of signing-key. */
		private final KeyStore keyStore = new KeyStore();

		public SigningAlgorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(SigningAlgorithm algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getSigningKey() {
			return this.signingKey;
		}

		public void setSigningKey(@Nullable String signingKey) {
			this.signingKey = signingKey;
		}

		public List<String> getPreviousVerificationKeys() {
			return this.previousVerificationKeys;
		}

		public void setPreviousVerificationKeys(List<String> previousVerificationKeys) {
			this.previousVerificationKeys = previousVerificationKeys;
		}

		public Duration getJwkSetMaxAge() {
			return this.jwkSetMaxAge;
		}

		public void setJwkSetMaxAge(Duration jwkSetMaxAge) {
			this.jwkSetMaxAge = jwkSetMaxAge;
		}

		public KeyStore getKeyStore() {
			return this.keyStore;
		}

		public static class KeyStore {

			/** Location of the key store (PKCS12 or JKS) holding the signing key and its certificate. */
			private @Nullable Resource location;

			/** Type of the key store. */
			private String type = "PKCS12";

			/** Password of the key store. */
			private @Nullable String password;

			/** Alias of the signing key's entry. */
			private @Nullable String alias;

			/** Password of the key entry; defaults to the key store's password. */
			private @Nullable String keyPassword;

			public @Nullable Resource getLocation() {
				return this.location;
			}

			public void setLocation(@Nullable Resource location) {
				this.location = location;
			}

			public String getType() {
				return this.type;
			}

			public void setType(String type) {
				this.type = type;
			}

			public @Nullable String getPassword() {
				return this.password;
			}

			public void setPassword(@Nullable String password) {
				this.password = password;
			}

			public @Nullable String getAlias() {
				return this.alias;
			}

			public void setAlias(@Nullable String alias) {
				this.alias = alias;
			}

			public @Nullable String getKeyPassword() {
				return this.keyPassword;
			}

			public void setKeyPassword(@Nullable String keyPassword) {
				this.keyPassword = keyPassword;
			}

		}

	}

	public static class Classic {

		/** Whether the classic email/password routes exist at all. */
		private boolean enabled = true;

		/** Whether public signup is open (POST /auth/signup). */
		private boolean signup = true;

		/** Whether self-service password reset is available (forgot-password and reset-password). */
		private boolean resetPassword = true;

		/** Whether magic-link sign-in is available. */
		private boolean magicLink = false;

		/** How emails are verified: code (a numeric code) or click (a link). */
		private VerificationMode emailVerification = VerificationMode.CODE;

		/** Whether login waits until the email is verified. */
		private boolean requireEmailVerification = true;

		/** Minimum password length, in characters. */
		private int passwordMinLength = 8;

		/** Number of digits of a verification code. */
		private int verificationCodeLength = 6;

		/** Wrong attempts a verification code allows before it stops working. */
		private int verificationMaxAttempts = 5;

		/** Lifetime of a verification code or link. */
		private Duration verificationTokenTtl = Duration.ofMinutes(20);

		/** Lifetime of a password reset link. */
		private Duration resetPasswordTtl = Duration.ofMinutes(30);

		/** Lifetime of a magic link. */
		private Duration magicLinkTtl = Duration.ofMinutes(15);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isSignup() {
			return this.signup;
		}

		public void setSignup(boolean signup) {
			this.signup = signup;
		}

		public boolean isResetPassword() {
			return this.resetPassword;
		}

		public void setResetPassword(boolean resetPassword) {
			this.resetPassword = resetPassword;
		}

		public boolean isMagicLink() {
			return this.magicLink;
		}

		public void setMagicLink(boolean magicLink) {
			this.magicLink = magicLink;
		}

		public VerificationMode getEmailVerification() {
			return this.emailVerification;
		}

		public void setEmailVerification(VerificationMode emailVerification) {
			this.emailVerification = emailVerification;
		}

		public boolean isRequireEmailVerification() {
			return this.requireEmailVerification;
		}

		public void setRequireEmailVerification(boolean requireEmailVerification) {
			this.requireEmailVerification = requireEmailVerification;
		}

		public int getPasswordMinLength() {
			return this.passwordMinLength;
		}

		public void setPasswordMinLength(int passwordMinLength) {
			this.passwordMinLength = passwordMinLength;
		}

		public int getVerificationCodeLength() {
			return this.verificationCodeLength;
		}

		public void setVerificationCodeLength(int verificationCodeLength) {
			this.verificationCodeLength = verificationCodeLength;
		}

		public int getVerificationMaxAttempts() {
			return this.verificationMaxAttempts;
		}

		public void setVerificationMaxAttempts(int verificationMaxAttempts) {
			this.verificationMaxAttempts = verificationMaxAttempts;
		}

		public Duration getVerificationTokenTtl() {
			return this.verificationTokenTtl;
		}

		public void setVerificationTokenTtl(Duration verificationTokenTtl) {
			this.verificationTokenTtl = verificationTokenTtl;
		}

		public Duration getResetPasswordTtl() {
			return this.resetPasswordTtl;
		}

		public void setResetPasswordTtl(Duration resetPasswordTtl) {
			this.resetPasswordTtl = resetPasswordTtl;
		}

		public Duration getMagicLinkTtl() {
			return this.magicLinkTtl;
		}

		public void setMagicLinkTtl(Duration magicLinkTtl) {
			this.magicLinkTtl = magicLinkTtl;
		}

	}

	public static class Password {

		/** bcrypt cost factor (log2 rounds); at least 10. */
		private int bcryptCost = 10;

		/**
		 * Threads that hash and verify passwords, and so the most bcrypt operations that run at once; 0 means
		 * one per available processor.
		 */
		private int hashingThreads = 0;

		/**
		 * Password operations that may wait for a hashing thread; beyond them, signup, login and password reset
		 * fail at once with 503 server_busy and a Retry-After header. Keep it below the server's request
		 * threads, so that waiting logins never take them all.
		 */
		private int hashingQueue = 64;

		private final BreachCheck breachCheck = new BreachCheck();

		public int getBcryptCost() {
			return this.bcryptCost;
		}

		public void setBcryptCost(int bcryptCost) {
			this.bcryptCost = bcryptCost;
		}

		public int getHashingThreads() {
			return this.hashingThreads;
		}

		public void setHashingThreads(int hashingThreads) {
			this.hashingThreads = hashingThreads;
		}

		public int getHashingQueue() {
			return this.hashingQueue;
		}

		public void setHashingQueue(int hashingQueue) {
			this.hashingQueue = hashingQueue;
		}

		public BreachCheck getBreachCheck() {
			return this.breachCheck;
		}

		/**
		 * The optional online check of new passwords against Have I Been Pwned's Pwned Passwords, by range
		 * (k-anonymity: only the first five hex characters of the password's SHA-1 leave the server).
		 */
		public static class BreachCheck {

			/**
			 * Whether to check new passwords (signup, reset, provisioning) against the Pwned Passwords range
			 * API; needs spring-security-web on the classpath.
			 */
			private boolean enabled = false;

			/** Base URL of the range API; the five-character hash prefix is appended to it. */
			private String apiUrl = "https://api.pwnedpasswords.com/range/";

			/** Connect and read timeout of one range request. */
			private Duration timeout = Duration.ofSeconds(2);

			/**
			 * What to do when the check fails (timeout, error status): allow the password (fail open) or
			 * refuse the request with 503 service_unavailable (fail closed).
			 */
			private PasswordPolicy.OnCheckerError onError = PasswordPolicy.OnCheckerError.ALLOW;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getApiUrl() {
				return this.apiUrl;
			}

			public void setApiUrl(String apiUrl) {
				this.apiUrl = apiUrl;
			}

			public Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(Duration timeout) {
				this.timeout = timeout;
			}

			public PasswordPolicy.OnCheckerError getOnError() {
				return this.onError;
			}

			public void setOnError(PasswordPolicy.OnCheckerError onError) {
				this.onError = onError;
			}

		}

	}

	public static class Links {

		/** Absolute base URL of the front end that emailed links point to, e.g. https://app.example.com. */
		private @Nullable String baseUrl;

		/** Path of the page that completes email verification (click mode). */
		private String verifyEmailPath = "/verify-email";

		/** Path of the page that completes a password reset. */
		private String resetPasswordPath = "/reset-password";

		/** Path of the page that consumes a magic link. */
		private String magicLinkPath = "/magic-link";

		/**
		 * Path of the page an identity-provider sign-in returns to, with {@code #code=<exchange code>} or
		 * {@code #error=<code>} in the fragment.
		 */
		private String oauthCompletePath = "/oauth/complete";

		/** Path of the page that accepts a workspace invitation. */
		private String invitationPath = "/accept-invitation";

		public String getInvitationPath() {
			return this.invitationPath;
		}

		public void setInvitationPath(String invitationPath) {
			this.invitationPath = invitationPath;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getVerifyEmailPath() {
			return this.verifyEmailPath;
		}

		public void setVerifyEmailPath(String verifyEmailPath) {
			this.verifyEmailPath = verifyEmailPath;
		}

		public String getResetPasswordPath() {
			return this.resetPasswordPath;
		}

		public void setResetPasswordPath(String resetPasswordPath) {
			this.resetPasswordPath = resetPasswordPath;
		}

		public String getMagicLinkPath() {
			return this.magicLinkPath;
		}

		public void setMagicLinkPath(String magicLinkPath) {
			this.magicLinkPath = magicLinkPath;
		}

		public String getOauthCompletePath() {
			return this.oauthCompletePath;
		}

		public void setOauthCompletePath(String oauthCompletePath) {
			this.oauthCompletePath = oauthCompletePath;
		}

	}

	public static class Mail {

		/** Sender address of the library's messages. */
		private String from = "no-reply@localhost";

		/** Application name used in subjects and bodies, and refused inside new passwords. */
		private String applicationName = "System Auth";

		/**
		 * Whether the development mailer (used when no mail server is configured) logs message bodies,
		 * codes and links included. Never enable in production.
		 */
		private boolean logContents = false;

		/** Threads that deliver mail off the request thread. */
		private int senderThreads = 2;

		public String getFrom() {
			return this.from;
		}

		public void setFrom(String from) {
			this.from = from;
		}

		public String getApplicationName() {
			return this.applicationName;
		}

		public void setApplicationName(String applicationName) {
			this.applicationName = applicationName;
		}

		public boolean isLogContents() {
			return this.logContents;
		}

		public void setLogContents(boolean logContents) {
			this.logContents = logContents;
		}

		public int getSenderThreads() {
			return this.senderThreads;
		}

		public void setSenderThreads(int senderThreads) {
			this.senderThreads = senderThreads;
		}

	}

	public static class Web {

		/** Base path of the auth routes. */
		private String basePath = "/auth";

		/** Path patterns the workspace filter protects (token, x-workspace-id, active membership). */
		private List<String> protectedPaths = new ArrayList<>();

		/** Order of the workspace filter; after Spring Security's filter chain (-100) by default. */
		private int filterOrder = -50;

		/** Largest request body accepted on the auth routes. */
		private DataSize maxBodySize = DataSize.ofKilobytes(64);

		/**
		 * Addresses of reverse proxies whose X-Forwarded-For header is trusted for the client IP. Empty:
		 * the socket's address is used.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		private final SecurityFilterChain securityFilterChain = new SecurityFilterChain();

		private final OpenApi openapi = new OpenApi();

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public List<String> getProtectedPaths() {
			return this.protectedPaths;
		}

		public void setProtectedPaths(List<String> protectedPaths) {
			this.protectedPaths = protectedPaths;
		}

		public int getFilterOrder() {
			return this.filterOrder;
		}

		public void setFilterOrder(int filterOrder) {
			this.filterOrder = filterOrder;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public SecurityFilterChain getSecurityFilterChain() {
			return this.securityFilterChain;
		}

		public OpenApi getOpenapi() {
			return this.openapi;
		}

		public static class OpenApi {

			/** Whether to serve the OpenAPI description of the auth routes at {base-path}/openapi.yaml. */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		public static class SecurityFilterChain {

			/**
			 * Whether, with Spring Security present, the starter contributes its own security filter chain for
			 * the auth routes and the protected paths (then the workspace filter stands down). Turn it off to
			 * wire the routes into your own chain with SystemAuthConfigurer.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	public static class Throttle {

		/** Whether brute-force and abuse limits apply. */
		private boolean enabled = true;

		/** Failed logins per account within the account window before the account is locked for the window. */
		private int accountMaxFailures = 5;

		/** Window of the per-account failure count, and how long a locked account stays locked. */
		private Duration accountWindow = Duration.ofMinutes(15);

		/** Failed credential attempts (login, code, reset, magic link) per client IP within the IP window. */
		private int ipMaxAttempts = 50;

		/** Window of the per-IP counts. */
		private Duration ipWindow = Duration.ofMinutes(5);

		/** Requests that may send mail (forgot-password, resend, magic link) per client IP within the IP window. */
		private int ipMaxEmailRequests = 30;

		/** Messages per recipient within the email window; beyond it requests still answer 202 but send nothing. */
		private int emailMaxPerRecipient = 5;

		/** Provider sign-ins started (GET {base-path}/oauth/{provider}/authorize) per client IP within the IP window. */
		private int ipMaxAuthorizeRequests = 30;

		/** Window of the per-recipient count. */
		private Duration emailWindow = Duration.ofHours(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getAccountMaxFailures() {
			return this.accountMaxFailures;
		}

		public void setAccountMaxFailures(int accountMaxFailures) {
			this.accountMaxFailures = accountMaxFailures;
		}

		public Duration getAccountWindow() {
			return this.accountWindow;
		}

		public void setAccountWindow(Duration accountWindow) {
			this.accountWindow = accountWindow;
		}

		public int getIpMaxAttempts() {
			return this.ipMaxAttempts;
		}

		public void setIpMaxAttempts(int ipMaxAttempts) {
			this.ipMaxAttempts = ipMaxAttempts;
		}

		public Duration getIpWindow() {
			return this.ipWindow;
		}

		public void setIpWindow(Duration ipWindow) {
			this.ipWindow = ipWindow;
		}

		public int getIpMaxEmailRequests() {
			return this.ipMaxEmailRequests;
		}

		public void setIpMaxEmailRequests(int ipMaxEmailRequests) {
			this.ipMaxEmailRequests = ipMaxEmailRequests;
		}

		public int getEmailMaxPerRecipient() {
			return this.emailMaxPerRecipient;
		}

		public void setEmailMaxPerRecipient(int emailMaxPerRecipient) {
			this.emailMaxPerRecipient = emailMaxPerRecipient;
		}

		public Duration getEmailWindow() {
			return this.emailWindow;
		}

		public void setEmailWindow(Duration emailWindow) {
			this.emailWindow = emailWindow;
		}

		public int getIpMaxAuthorizeRequests() {
			return this.ipMaxAuthorizeRequests;
		}

		public void setIpMaxAuthorizeRequests(int ipMaxAuthorizeRequests) {
			this.ipMaxAuthorizeRequests = ipMaxAuthorizeRequests;
		}

	}

	public static class MembershipCache {

		/**
		 * Whether to serve the per-request membership and session check from memory, invalidated through
		 * PostgreSQL LISTEN/NOTIFY (one dedicated connection per instance); when off, every protected request
		 * costs one query.
		 */
		private boolean enabled = true;

		/** Longest time an entry is served without a fresh database check. */
		private Duration ttl = Duration.ofSeconds(60);

		/** Entries kept before the cache is emptied and refilled. */
		private int maxEntries = 100_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/**
	 * An identity provider; the subclasses add what each kind needs.
	 */
	public static class Provider {

		/** Whether sign-in with this provider is enabled. */
		private boolean enabled = false;

		/** OAuth client id of this application at the provider. */
		private String clientId = "";

		/** OAuth client secret of this application at the provider. */
		private String clientSecret = "";

		/** Scopes to ask for. */
		private List<String> scopes;

		/** Whether a first sign-in with an email no account has may create an account and its workspace. */
		private boolean signup = true;

		/**
		 * Callback URI registered at the provider; by default the {@code {base-path}/oauth/{provider}/callback}
		 * route on the URL the request came in through.
		 */
		private @Nullable String redirectUri;

		/** Connect and read timeout of each call to the provider. */
		private Duration timeout = Duration.ofSeconds(5);

		Provider(List<String> scopes) {
			this.scopes = new ArrayList<>(scopes);
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getClientId() {
			return this.clientId;
		}

		public void setClientId(String clientId) {
			this.clientId = clientId;
		}

		public String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public boolean isSignup() {
			return this.signup;
		}

		public void setSignup(boolean signup) {
			this.signup = signup;
		}

		public @Nullable String getRedirectUri() {
			return this.redirectUri;
		}

		public void setRedirectUri(@Nullable String redirectUri) {
			this.redirectUri = redirectUri;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * GitHub (OAuth 2). The endpoints default to github.com and can point at GitHub Enterprise or a test stub.
	 */
	public static class GitHub extends Provider {

		/** GitHub's authorization endpoint. */
		private String authorizationUri = "https://github.com/login/oauth/authorize";

		/** GitHub's token endpoint. */
		private String tokenUri = "https://github.com/login/oauth/access_token";

		/** GitHub's user API. */
		private String userInfoUri = "https://api.github.com/user";

		/** GitHub's user-emails API, where the primary verified email comes from. */
		private String userEmailsUri = "https://api.github.com/user/emails";

		public GitHub() {
			super(List.of("read:user", "user:email"));
		}

		public String getAuthorizationUri() {
			return this.authorizationUri;
		}

		public void setAuthorizationUri(String authorizationUri) {
			this.authorizationUri = authorizationUri;
		}

		public String getTokenUri() {
			return this.tokenUri;
		}

		public void setTokenUri(String tokenUri) {
			this.tokenUri = tokenUri;
		}

		public String getUserInfoUri() {
			return this.userInfoUri;
		}

		public void setUserInfoUri(String userInfoUri) {
			this.userInfoUri = userInfoUri;
		}

		public String getUserEmailsUri() {
			return this.userEmailsUri;
		}

		public void setUserEmailsUri(String userEmailsUri) {
			this.userEmailsUri = userEmailsUri;
		}

	}

	/**
	 * An OpenID Connect provider, found by discovery from its issuer.
	 */
	public static class Oidc extends Provider {

		/** Issuer URI; its /.well-known/openid-configuration is read on the first sign-in. */
		private @Nullable String issuerUri;

		public Oidc() {
			this(null);
		}

		Oidc(@Nullable String issuerUri) {
			super(List.of("openid", "email", "profile"));
			this.issuerUri = issuerUri;
		}

		public @Nullable String getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable String issuerUri) {
			this.issuerUri = issuerUri;
		}

	}

	/**
	 * An OpenID Connect single sign-on, optionally for one workspace.
	 */
	public static class Sso extends Oidc {

		/** Workspace every user signing in through this provider becomes a member of; none by default. */
		private java.util.@Nullable UUID workspaceId;

		/** Role of that membership: owner, admin or member. */
		private String role = "member";

		/** Email domains allowed to sign in through this provider; any when empty. */
		private List<String> allowedEmailDomains = new ArrayList<>();

		public java.util.@Nullable UUID getWorkspaceId() {
			return this.workspaceId;
		}

		public void setWorkspaceId(java.util.@Nullable UUID workspaceId) {
			this.workspaceId = workspaceId;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public List<String> getAllowedEmailDomains() {
			return this.allowedEmailDomains;
		}

		public void setAllowedEmailDomains(List<String> allowedEmailDomains) {
			this.allowedEmailDomains = allowedEmailDomains;
		}

	}

	// --- workspace invitations and members (issue 14) ---
	public static class Workspaces {

		/** Whether to serve the invitation and member routes under {base-path}/workspaces and /invitations. */
		private boolean httpApi = true;

		public boolean isHttpApi() {
			return this.httpApi;
		}

		public void setHttpApi(boolean httpApi) {
			this.httpApi = httpApi;
		}

	}

	public static class Invitations {

		/** How long an invitation link can be accepted. */
		private Duration ttl = Duration.ofDays(7);

		/** Window of the three invitation mail limits. */
		private Duration limitWindow = Duration.ofHours(1);

		/** Invitations one member may send per window. */
		private int maxPerInviter = 20;

		/** Invitations one workspace may send per window. */
		private int maxPerWorkspace = 100;

		/** Invitations one email address may receive per window. */
		private int maxPerRecipient = 3;

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getLimitWindow() {
			return this.limitWindow;
		}

		public void setLimitWindow(Duration limitWindow) {
			this.limitWindow = limitWindow;
		}

		public int getMaxPerInviter() {
			return this.maxPerInviter;
		}

		public void setMaxPerInviter(int maxPerInviter) {
			this.maxPerInviter = maxPerInviter;
		}

		public int getMaxPerWorkspace() {
			return this.maxPerWorkspace;
		}

		public void setMaxPerWorkspace(int maxPerWorkspace) {
			this.maxPerWorkspace = maxPerWorkspace;
		}

		public int getMaxPerRecipient() {
			return this.maxPerRecipient;
		}

		public void setMaxPerRecipient(int maxPerRecipient) {
			this.maxPerRecipient = maxPerRecipient;
		}

	}
	// --- end workspace invitations and members ---

	// misc: begin
	private final Cleanup cleanup = new Cleanup();

	public Cleanup getCleanup() {
		return this.cleanup;
	}

	/** The periodic deletion of expired single-use rows and stale throttle counters. */
	public static class Cleanup {

		/** Whether to delete expired single-use rows and stale throttle counters periodically. */
		private boolean enabled = true;

		/** Time between two cleanups (the first runs one interval after start-up). */
		private Duration interval = Duration.ofMinutes(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}
	// misc: end

}
