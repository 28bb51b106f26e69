package dev.systemauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.session.SessionEndListener;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.RefreshTokenStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.token.TokenHasher;

/**
 * Tokens and sessions: the access-token service, the session hub ({@link SessionService}), the single-use
 * tokens and the abuse guard. {@link TokenHasher} and {@link OneTimeTokenStore} are beans only so that the
 * classic flows can be given them; they are internal (they write no audit row and apply no throttling), and
 * host code should go through the flows instead.
 */
@Configuration(proxyBeanMethods = false)
class AuthTokensConfiguration {

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

	@Bean
	@ConditionalOnMissingBean
	AbuseGuard authAbuseGuard(AuthDatabase database, TokenHasher hasher, AuthProperties properties, Clock clock) {
		AuthProperties.Throttle throttle = properties.getThrottle();
		ThrottleSettings settings = new ThrottleSettings(throttle.isEnabled(), throttle.getAccountMaxFailures(),
				throttle.getAccountWindow(), throttle.getIpMaxAttempts(), throttle.getIpWindow(),
				throttle.getEmailMaxPerRecipient(), throttle.getEmailWindow(), throttle.getIpMaxEmailRequests(),
				throttle.getIpMaxAuthorizeRequests());
		return new AbuseGuard(new ThrottleStore(database), hasher, settings, clock);
	}

}
