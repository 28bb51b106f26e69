package dev.systemauth.test;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.systemauth.autoconfigure.AuthProperties;
import dev.systemauth.autoconfigure.security.SystemAuthConfigurer;
import dev.systemauth.autoconfigure.web.CurrentAuthArgumentResolver;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;

import static dev.systemauth.test.SystemAuthRequestPostProcessors.member;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The post-processor and {@link WithAuthContext} in a host with Spring Security: the starter's chain (built
 * as {@code AuthSecurityAutoConfiguration} builds it, with {@link SystemAuthConfigurer}), method security and
 * real Spring MVC, with mocks in place of every service that would reach the database.
 */
@SpringJUnitWebConfig(SpringSecurityShapeTests.Config.class)
class SpringSecurityShapeTests {

	private static final String USER_ID = "6f1c1c84-8f1e-4a36-9a50-4f3c2f6f0a01";

	private static final String WORKSPACE_ID = "0b7e2d5a-3c4f-4e0b-8d55-2a7c9e1f4b02";

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private TestApp.Services services;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@AfterEach
	void noDatabase() {
		verifyNoInteractions(this.services.accessTokens(), this.services.workspaces(), this.services.auditLog());
	}

	@Test
	void protectedPathWhenMemberPostProcessorThenPrincipalAndCurrentAuthSeeIt() throws Exception {
		UUID userId = UUID.randomUUID();
		UUID workspaceId = UUID.randomUUID();
		String expected = userId + " " + workspaceId + " member";
		this.mvc.perform(get("/app/principal").with(member(userId, workspaceId, "member")))
			.andExpect(status().isOk())
			.andExpect(content().string(expected + "|" + expected));
	}

	@Test
	void preAuthorizeWhenAdminPostProcessorThenAllowed() throws Exception {
		this.mvc.perform(get("/app/admin").with(member(UUID.randomUUID(), UUID.randomUUID(), "admin")))
			.andExpect(status().isOk());
	}

	@Test
	void preAuthorizeWhenMemberPostProcessorThenForbidden() throws Exception {
		this.mvc.perform(get("/app/admin").with(member(UUID.randomUUID(), UUID.randomUUID(), "member")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("access_denied"));
	}

	@Test
	@WithAuthContext(role = "ADMIN")
	void preAuthorizeWhenWithAuthContextAdminThenAllowed() throws Exception {
		this.mvc.perform(get("/app/admin")).andExpect(status().isOk());
	}

	@Test
	@WithAuthContext(role = "member")
	void preAuthorizeWhenWithAuthContextMemberThenForbidden() throws Exception {
		this.mvc.perform(get("/app/admin"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("access_denied"));
	}

	@Test
	@WithAuthContext(role = "owner", userId = USER_ID, workspaceId = WORKSPACE_ID)
	void currentAuthWhenWithAuthContextFixedIdsThenHandlerSeesThem() throws Exception {
		String expected = USER_ID + " " + WORKSPACE_ID + " owner";
		this.mvc.perform(get("/app/principal"))
			.andExpect(status().isOk())
			.andExpect(content().string(expected + "|" + expected));
	}

	@Test
	void protectedPathWhenNothingThenUnauthorized() throws Exception {
		this.mvc.perform(get("/app/current").header("x-workspace-id", WORKSPACE_ID))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("invalid_token"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	@EnableWebSecurity
	@EnableMethodSecurity
	static class Config implements WebMvcConfigurer {

		@Override
		public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
			resolvers.add(new CurrentAuthArgumentResolver());
		}

		@Bean
		TestApp.AppController appController() {
			return new TestApp.AppController();
		}

		@Bean
		TestApp.Services services() {
			return TestApp.Services.mocks();
		}

		@Bean
		WorkspaceAccessChecker workspaceAccessChecker(TestApp.Services services) {
			return services.checker();
		}

		@Bean
		AuthProperties authProperties() {
			AuthProperties properties = new AuthProperties();
			properties.getWeb().setProtectedPaths(List.of("/app/**"));
			return properties;
		}

		@Bean
		SecurityFilterChain authSecurityFilterChain(HttpSecurity http) {
			SystemAuthConfigurer systemAuth = SystemAuthConfigurer.systemAuth();
			http.securityMatcher(systemAuth.getEndpointsMatcher());
			http.with(systemAuth, withDefaults());
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(systemAuth.getProtectedPathsMatcher())
				.authenticated()
				.anyRequest()
				.permitAll());
			http.csrf((csrf) -> csrf.disable());
			http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
			return http.build();
		}

	}

}
