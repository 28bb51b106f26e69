package dev.systemauth.autoconfigure;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.EndedSessions;
import dev.systemauth.core.session.SessionStore;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.MembershipChangeListener;

/**
 * The membership cache ({@code auth.membership-cache.enabled}, on by default) and the listener that keeps
 * it current across instances ({@code LISTEN auth_membership_changed}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "auth.membership-cache.enabled", matchIfMissing = true)
class AuthMembershipCacheConfiguration {

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
				Properties info = new Properties();
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
				return DriverManager.getConnection(hikari.getJdbcUrl(), info);
			};
		}
		return () -> dataSource.getDataSource().getConnection();
	}

}
