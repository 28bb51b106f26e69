package dev.systemauth.autoconfigure.security;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.systemauth.autoconfigure.AuthProperties;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;

/**
 * Puts the starter's access-token authentication into a {@code SecurityFilterChain}, in the idiom of
 * {@code oauth2ResourceServer(...)}, for hosts that wire their own chain
 * ({@code auth.web.security-filter-chain.enabled=false}):
 *
 * <pre class="code">
 * http.authorizeHttpRequests((requests) -&gt; requests
 *         .requestMatchers("/auth/**").permitAll()
 *         .requestMatchers("/app/**").authenticated()
 *         .anyRequest().authenticated())
 *     .with(SystemAuthConfigurer.systemAuth(), Customizer.withDefaults());
 * </pre>
 *
 * On the protected paths ({@code auth.web.protected-paths} unless {@link #protectedPaths(String...)} says
 * otherwise) every request must pass the workspace check, whose refusals are the contract's problem answers;
 * a request that passes carries an {@link AuthContextAuthenticationToken}, and an access denial after that (a
 * {@code @PreAuthorize} that fails) is 403 {@code access_denied}, an RFC 9457 problem. On the auth routes and
 * the protected paths CSRF protection is off (they take bearer tokens and JSON, never cookies). Everything
 * else of the chain stays the host's: its authorization rules (permit the auth routes, require
 * authentication on the protected paths), its entry points and its handlers, whatever the order in which
 * the configurers are applied.
 */
public final class SystemAuthConfigurer extends AbstractHttpConfigurer<SystemAuthConfigurer, HttpSecurity> {

	private static final RequestMatcher NOTHING = (request) -> false;

	private @Nullable List<String> protectedPaths;

	private RequestMatcher authRoutesMatcher = NOTHING;

	private RequestMatcher protectedPathsMatcher = NOTHING;

	private SystemAuthConfigurer() {
	}

	/**
	 * A configurer to apply with {@code http.with(systemAuth(), customizer)}.
	 * @return a new configurer
	 */
	public static SystemAuthConfigurer systemAuth() {
		return new SystemAuthConfigurer();
	}

	/**
	 * The paths where the starter's access token is required, in place of {@code auth.web.protected-paths}.
	 * @param patterns path patterns, e.g. {@code /app/**}
	 * @return this configurer
	 */
	public SystemAuthConfigurer protectedPaths(String... patterns) {
		Assert.notNull(patterns, "patterns must not be null");
		Assert.noNullElements(patterns, "patterns must not contain null");
		this.protectedPaths = List.of(patterns);
		return this;
	}

	/**
	 * The auth routes ({@code auth.web.base-path}/**) and the protected paths, for a chain's
	 * {@code securityMatcher}. It matches nothing until the chain is built.
	 * @return the matcher
	 */
	public RequestMatcher getEndpointsMatcher() {
		return (request) -> this.authRoutesMatcher.matches(request) || this.protectedPathsMatcher.matches(request);
	}

	/**
	 * The protected paths, for authorization rules. It matches nothing until the chain is built.
	 * @return the matcher
	 */
	public RequestMatcher getProtectedPathsMatcher() {
		return (request) -> this.protectedPathsMatcher.matches(request);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "SystemAuthConfigurer needs the ApplicationContext of the HttpSecurity");
		AuthProperties properties = context.getBean(AuthProperties.class);
		// the auth routes are matched as Spring MVC maps them (after a dispatcher servlet path, which Boot's
		// builder knows); the protected paths as the workspace filter matches them (the path in the application)
		PathPatternRequestMatcher.Builder mvcPaths = getRequestMatcherBuilder();
		if (mvcPaths == null) {
			mvcPaths = PathPatternRequestMatcher.withDefaults();
		}
		this.authRoutesMatcher = mvcPaths.matcher(properties.getWeb().getBasePath() + "/**");
		List<String> patterns = (this.protectedPaths != null) ? this.protectedPaths
				: properties.getWeb().getProtectedPaths();
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		this.protectedPathsMatcher = patterns.isEmpty() ? NOTHING
				: new OrRequestMatcher(patterns.stream().map(paths::matcher).toArray(RequestMatcher[]::new));
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(getEndpointsMatcher());
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		WorkspaceAccessChecker checker = http.getSharedObject(ApplicationContext.class)
			.getBean(WorkspaceAccessChecker.class);
		AuthContextAuthenticationFilter filter = new AuthContextAuthenticationFilter(checker,
				getProtectedPathsMatcher());
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		// after the ExceptionTranslationFilter, so that this filter answers the access denials on the protected
		// paths itself and the chain's entry points and denial handlers (the host's) stay as they are
		http.addFilterAfter(postProcess(filter), ExceptionTranslationFilter.class);
	}

}
