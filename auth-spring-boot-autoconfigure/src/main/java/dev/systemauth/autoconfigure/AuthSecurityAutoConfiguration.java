package dev.systemauth.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import dev.systemauth.autoconfigure.security.AuthProblemHandler;
import dev.systemauth.autoconfigure.security.SystemAuthConfigurer;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The starter inside a Spring Security application: its own {@link SecurityFilterChain} for the auth routes
 * and {@code auth.web.protected-paths}, ordered before the host's chains, so that those routes work with no
 * host configuration while every other route keeps the host's rules. The chain is stateless, has no CSRF
 * protection (bearer tokens and JSON, never cookies), takes the host's CORS configuration, permits the auth
 * routes, and authenticates the protected paths with the starter's access token through
 * {@link SystemAuthConfigurer}. While it exists the servlet workspace filter stands down.
 * <p>
 * Declaring a {@code SecurityFilterChain} makes Boot's default chain back off, so when the host has none
 * (Boot's default security), this configuration declares Boot's default chain again beside its own, as Boot's
 * authorization server support does. It runs after Boot's other contributors of a default chain (actuator,
 * OAuth2 resource server and login, SAML, authorization server), so that when one of them has contributed,
 * the starter only adds its own chain and displaces nothing. {@code auth.web.security-filter-chain.enabled=false}
 * turns it all off, for hosts that apply {@link SystemAuthConfigurer} in their own chain.
 */
@AutoConfiguration(after = AuthWebAutoConfiguration.class,
		afterName = { "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
				"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration",
				"org.springframework.boot.security.saml2.autoconfigure.Saml2RelyingPartyAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration" },
		before = ServletWebSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, ServletWebSecurityAutoConfiguration.class })
@ConditionalOnBean(WorkspaceAccessChecker.class)
@ConditionalOnBooleanProperty(name = "auth.web.security-filter-chain.enabled", matchIfMissing = true)
public final class AuthSecurityAutoConfiguration {

	/** Name of the starter's security filter chain; a host bean of this name replaces it. */
	public static final String SECURITY_FILTER_CHAIN_BEAN_NAME = "authSecurityFilterChain";

	/**
	 * Order of the starter's security filter chain: before any host chain, just after an authorization
	 * server's endpoints chain ({@link Ordered#HIGHEST_PRECEDENCE}).
	 */
	public static final int SECURITY_FILTER_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static SecurityFilterChain authSecurityFilterChain(HttpSecurity http) {
		SystemAuthConfigurer systemAuth = SystemAuthConfigurer.systemAuth();
		http.securityMatcher(systemAuth.getEndpointsMatcher());
		http.with(systemAuth, withDefaults());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(systemAuth.getProtectedPathsMatcher())
			.authenticated()
			.anyRequest()
			.permitAll());
		AuthProblemHandler problems = new AuthProblemHandler();
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		http.csrf((csrf) -> csrf.disable());
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.cors(withDefaults());
		return http.build();
	}

	/**
	 * No host chain: the starter's chain, and Boot's default chain declared again, since declaring the first
	 * makes Boot's back off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	static class DefaultWebSecurityConfiguration {

		@Bean(SECURITY_FILTER_CHAIN_BEAN_NAME)
		@Order(SECURITY_FILTER_CHAIN_ORDER)
		SecurityFilterChain authSecurityFilterChain(HttpSecurity http) {
			return AuthSecurityAutoConfiguration.authSecurityFilterChain(http);
		}

		/** What Boot's {@code ServletWebSecurityAutoConfiguration} declares when the host declares no chain. */
		@Bean
		@Order(SecurityFilterProperties.BASIC_AUTH_ORDER)
		SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.formLogin(withDefaults());
			http.httpBasic(withDefaults());
			return http.build();
		}

	}

	/** The host (or another auto-configuration) has its own chain: the starter's chain goes before it. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SecurityFilterChain.class)
	@ConditionalOnMissingBean(name = SECURITY_FILTER_CHAIN_BEAN_NAME)
	static class HostWebSecurityConfiguration {

		@Bean(SECURITY_FILTER_CHAIN_BEAN_NAME)
		@Order(SECURITY_FILTER_CHAIN_ORDER)
		SecurityFilterChain authSecurityFilterChain(HttpSecurity http) {
			return AuthSecurityAutoConfiguration.authSecurityFilterChain(http);
		}

	}

}
