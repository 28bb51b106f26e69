package dev.systemauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.systemauth.core.jdbc.SchemaName;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;

/**
 * Fails start-up, naming the property, when the configuration is unsafe or inconsistent. Secret values
 * are never echoed in the message.
 */
final class AuthPropertiesValidator {

	static final int MIN_SECRET_BYTES = 32;

	private static final String REDACTED = "<redacted>";

	private AuthPropertiesValidator() {
	}

	static void validate(AuthProperties properties) {
		AuthProperties.Jwt jwt = properties.getJwt();
		if (!jwt.getAlgorithm().isAsymmetric()) {
			requireSecret("auth.jwt.access-token-secret", jwt.getAccessTokenSecret());
		}
		SigningKeysLoader.validate(jwt);
		requireSecret("auth.jwt.refresh-token-secret", jwt.getRefreshTokenSecret());
		requireSecret("auth.jwt.token-hash-secret", jwt.getTokenHashSecret());
		requireDistinct("auth.jwt.refresh-token-secret", jwt.getRefreshTokenSecret(), jwt.getAccessTokenSecret());
		requireDistinct("auth.jwt.token-hash-secret", jwt.getTokenHashSecret(), jwt.getAccessTokenSecret());
		requireDistinct("auth.jwt.token-hash-secret", jwt.getTokenHashSecret(), jwt.getRefreshTokenSecret());
		for (int i = 0; i < jwt.getPreviousAccessTokenSecrets().size(); i++) {
			requireSecret("auth.jwt.previous-access-token-secrets[" + i + "]", jwt.getPreviousAccessTokenSecrets().get(i));
		}
		for (int i = 0; i < jwt.getPreviousTokenHashSecrets().size(); i++) {
			requireSecret("auth.jwt.previous-token-hash-secrets[" + i + "]", jwt.getPreviousTokenHashSecrets().get(i));
		}
		requirePositive("auth.jwt.access-token-ttl", jwt.getAccessTokenTtl());
		requirePositive("auth.jwt.refresh-token-ttl", jwt.getRefreshTokenTtl());
		requireNotNegative("auth.jwt.clock-skew", jwt.getClockSkew());
		requireNotNegative("auth.jwt.refresh-reuse-grace", jwt.getRefreshReuseGrace());
		requireRange("auth.jwt.verified-token-cache-size", jwt.getVerifiedTokenCacheSize(), 0, 1_000_000);
		requireText("auth.jwt.issuer", jwt.getIssuer());
		requireText("auth.jwt.audience", jwt.getAudience());

		AuthProperties.Classic classic = properties.getClassic();
		requirePositive("auth.classic.verification-token-ttl", classic.getVerificationTokenTtl());
		requirePositive("auth.classic.reset-password-ttl", classic.getResetPasswordTtl());
		requirePositive("auth.classic.magic-link-ttl", classic.getMagicLinkTtl());
		requireRange("auth.classic.password-min-length", classic.getPasswordMinLength(), 1, PasswordPolicy.MAX_BYTES);
		requireRange("auth.classic.verification-code-length", classic.getVerificationCodeLength(), 4, 12);
		requireRange("auth.classic.verification-max-attempts", classic.getVerificationMaxAttempts(), 1, 100);
		requireRange("auth.password.bcrypt-cost", properties.getPassword().getBcryptCost(), PasswordHasher.MIN_COST, 16);
		requireRange("auth.password.hashing-threads", properties.getPassword().getHashingThreads(), 0, 1024);
		requireRange("auth.password.hashing-queue", properties.getPassword().getHashingQueue(), 1, 100_000);
		requireRange("auth.mail.sender-threads", properties.getMail().getSenderThreads(), 1, 100);
		AuthProperties.Password.BreachCheck breachCheck = properties.getPassword().getBreachCheck();
		if (breachCheck.isEnabled()) {
			requirePositive("auth.password.breach-check.timeout", breachCheck.getTimeout());
			requireText("auth.password.breach-check.api-url", breachCheck.getApiUrl());
		}

		AuthProperties.Throttle throttle = properties.getThrottle();
		requireRange("auth.throttle.account-max-failures", throttle.getAccountMaxFailures(), 1, 1_000_000);
		requireRange("auth.throttle.ip-max-attempts", throttle.getIpMaxAttempts(), 1, 1_000_000);
		requireRange("auth.throttle.ip-max-email-requests", throttle.getIpMaxEmailRequests(), 1, 1_000_000);
		requireRange("auth.throttle.email-max-per-recipient", throttle.getEmailMaxPerRecipient(), 1, 1_000_000);
		requireRange("auth.throttle.ip-max-authorize-requests", throttle.getIpMaxAuthorizeRequests(), 1, 1_000_000);
		requirePositive("auth.throttle.account-window", throttle.getAccountWindow());
		requirePositive("auth.throttle.ip-window", throttle.getIpWindow());
		requirePositive("auth.throttle.email-window", throttle.getEmailWindow());

		// --- workspace invitations and members (issue 14) ---
		AuthProperties.Invitations invitations = properties.getInvitations();
		requirePositive("auth.invitations.ttl", invitations.getTtl());
		requirePositive("auth.invitations.limit-window", invitations.getLimitWindow());
		requireRange("auth.invitations.max-per-inviter", invitations.getMaxPerInviter(), 1, 1_000_000);
		requireRange("auth.invitations.max-per-workspace", invitations.getMaxPerWorkspace(), 1, 1_000_000);
		requireRange("auth.invitations.max-per-recipient", invitations.getMaxPerRecipient(), 1, 1_000_000);
		// --- end workspace invitations and members ---

		// misc: begin
		requirePositive("auth.cleanup.interval", properties.getCleanup().getInterval());
		// misc: end

		requirePositive("auth.membership-cache.ttl", properties.getMembershipCache().getTtl());
		requireRange("auth.membership-cache.max-entries", properties.getMembershipCache().getMaxEntries(), 1,
				100_000_000);

		AuthProperties.Database database = properties.getDatabase();
		requireRange("auth.database.max-pool-size", database.getMaxPoolSize(), 1, 1000);
		requirePositive("auth.database.connection-timeout", database.getConnectionTimeout());
		if (!SchemaName.isValid(database.getSchema())) {
			throw new InvalidConfigurationPropertyValueException("auth.database.schema", database.getSchema(),
					"must be " + SchemaName.RULE);
		}

		ProviderPropertiesValidator.validate(properties);
	}

	private static void requireSecret(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, null,
					"a secret of at least " + MIN_SECRET_BYTES + " bytes is required");
		}
		if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new InvalidConfigurationPropertyValueException(name, REDACTED,
					"must be at least " + MIN_SECRET_BYTES + " bytes long");
		}
	}

	private static void requireDistinct(String name, String value, String other) {
		if (Objects.equals(value, other)) {
			throw new InvalidConfigurationPropertyValueException(name, REDACTED,
					"must differ from the other auth.jwt secrets");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must be positive");
		}
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must not be negative");
		}
	}

	private static void requireText(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must not be empty");
		}
	}

	private static void requireRange(String name, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"must be between " + min + " and " + max);
		}
	}

}
