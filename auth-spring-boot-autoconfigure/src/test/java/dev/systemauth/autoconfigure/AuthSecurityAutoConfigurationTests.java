package dev.systemauth.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;


import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * {@link AuthSecurityAutoConfiguration}: with Spring Security, the starter's chain exists in both host shapes
 * (no chain of its own, so Boot's default; or its own chain), always first and covering only the auth routes
 * and the protected paths; Boot's default chain still catches everything else when the host has none; the
 * servlet workspace filter stands down while the chain exists; and without Spring Security, or with the
 * property off, nothing of it exists and the workspace filter works as before.
 */
class AuthSecurityAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				WebMvcAutoConfiguration.class, AuthSecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES)
		.withPropertyValues("auth.web.protected-paths=/app/**");


	@Test
	void contextWhenHostHasNoChainThenStarterChainFirstAndDefaultChainCatchesTheRest() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys(
					AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME, "defaultSecurityFilterChain");
			List<SecurityFilterChain> chains = filterChains(context);
			assertThat(chains).hasSize(2);
			assertThat(chains.get(0)).isSameAs(starterChain(context));
			assertThat(chains.get(1).matches(request("/hello"))).as("Boot's default chain catches the host's routes")
				.isTrue();
		});
	}

	@Test
	void contextWhenHostHasChainThenStarterChainBeforeItAndNoDefaultChain() {
		this.contextRunner.withUserConfiguration(HostChain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityFilterChain.class))
				.containsOnlyKeys(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME, "hostChain");
			List<SecurityFilterChain> chains = filterChains(context);
			assertThat(chains).containsExactly(starterChain(context), context.getBean("hostChain", SecurityFilterChain.class));
		});
	}

	@Test
	void starterChainMatchesOnlyAuthRoutesAndProtectedPaths() {
		this.contextRunner.run((context) -> {
			SecurityFilterChain chain = starterChain(context);
			assertThat(chain.matches(request("/auth/signup"))).isTrue();
			assertThat(chain.matches(request("/auth/sessions/42"))).isTrue();
			assertThat(chain.matches(request("/app/projects"))).isTrue();
			assertThat(chain.matches(request("/hello"))).isFalse();
			assertThat(chain.matches(request("/authx"))).isFalse();
			assertThat(chain.matches(request("/application"))).isFalse();
		});
	}

	@Test
	void starterChainWhenBasePathSetThenMatchesIt() {
		this.contextRunner.withPropertyValues("auth.web.base-path=/identity").run((context) -> {
			SecurityFilterChain chain = starterChain(context);
			assertThat(chain.matches(request("/identity/login"))).isTrue();
			assertThat(chain.matches(request("/auth/login"))).isFalse();
		});
	}

	@Test
	void contextWhenStarterChainThenWorkspaceFilterStandsDown() {
		this.contextRunner.run((context) -> assertThat(workspaceFilter(context).isEnabled()).isFalse());
	}

	@Test
	void contextWhenChainDisabledThenNoStarterChainAndWorkspaceFilterEnabled() {
		this.contextRunner.withPropertyValues("auth.web.security-filter-chain.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME);
			assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("defaultSecurityFilterChain");
			assertThat(workspaceFilter(context).isEnabled()).isTrue();
		});
	}

	@Test
	void contextWhenSpringSecurityConfigAbsentThenNoChainAndWorkspaceFilterEnabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security.config"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AuthSecurityAutoConfiguration.class)
					.doesNotHaveBean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME);
				assertThat(workspaceFilter(context).isEnabled()).isTrue();
			});
	}

	@Test
	void contextWhenHostDeclaresStarterChainNameThenHostsChainAlone() {
		this.contextRunner.withUserConfiguration(ReplacedStarterChain.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(SecurityFilterChain.class))
				.containsOnlyKeys(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME);
			assertThat(starterChain(context).matches(request("/anything"))).isTrue();
		});
	}

	private static SecurityFilterChain starterChain(AssertableWebApplicationContext context) {
		return context.getBean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME, SecurityFilterChain.class);
	}

	private static List<SecurityFilterChain> filterChains(AssertableWebApplicationContext context) {
		return context.getBean(FilterChainProxy.class).getFilterChains();
	}

	private static FilterRegistrationBean<?> workspaceFilter(AssertableWebApplicationContext context) {
		return context.getBean("authWorkspaceFilter", FilterRegistrationBean.class);
	}

	private static MockHttpServletRequest request(String path) {
		return new MockHttpServletRequest("GET", path);
	}

	@Configuration(proxyBeanMethods = false)
	static class HostChain {

		@Bean
		SecurityFilterChain hostChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated()).httpBasic(withDefaults());
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplacedStarterChain {

		@Bean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME)
		SecurityFilterChain authSecurityFilterChain(HttpSecurity http) {
			http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/**"));
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			return http.build();
		}

	}

}
