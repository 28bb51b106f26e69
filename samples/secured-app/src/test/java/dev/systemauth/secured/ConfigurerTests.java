package dev.systemauth.secured;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.autoconfigure.security.SystemAuthConfigurer;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.WorkspaceService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * A host that wires the starter into its one chain itself: {@code auth.web.security-filter-chain.enabled=false}
 * and {@link SystemAuthConfigurer} applied with {@code http.with(...)}, before its HTTP basic on purpose. The
 * starter's routes and protected paths behave as with the starter's own chain, and the host's routes keep
 * the host's entry point (a basic challenge, not the starter's problem) and CSRF protection.
 */
@SpringBootTest(classes = ConfigurerTests.ConfiguredHost.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "auth.web.security-filter-chain.enabled=false", "auth.web.protected-paths=/app/**" })
class ConfigurerTests extends SecuredAppTestSupport {

	private static final String PASSWORD = "configurer-" + UUID.randomUUID();

	@Autowired
	ApplicationContext context;

	@Autowired
	WorkspaceService workspaces;

	@Test
	void contextWhenPropertyOffThenOnlyTheHostsChain() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("hostChain");
	}

	@Test
	void authRoutesWhenNoCsrfTokenAndNoCredentialsThenServed() {
		String email = uniqueEmail("owner");
		Session signup = signup(email, PASSWORD);
		Session login = login(email, PASSWORD, signup.workspaceId());
		assertThat(post("/auth/refresh", json("refreshToken", login.refreshToken())).status()).isEqualTo(200);
	}

	@Test
	void protectedPathWhenTokenThenAuthContextPrincipalElseInvalidToken() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		Response me = getAs(owner, "/app/me");
		assertThat(me.status()).as("%s", me).isEqualTo(200);
		assertThat(me.json().get("principal").get("userId").asString()).isEqualTo(owner.userId().toString());
		assertThat(me.json().get("current").get("userId").asString()).isEqualTo(owner.userId().toString());
		assertProblem(get("/app/me"), 401, "invalid_token");
		assertProblem(get("/app/me", "Authorization", "Bearer " + owner.accessToken()), 400, "workspace_required");
	}

	@Test
	void preAuthorizeWhenMemberThenAccessDeniedAndOwnerAllowed() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		String memberEmail = uniqueEmail("member");
		Session own = signup(memberEmail, PASSWORD);
		this.workspaces.addMember(owner.workspaceId(), own.userId(), MembershipRole.MEMBER, ClientInfo.SERVER);
		Session member = login(memberEmail, PASSWORD, owner.workspaceId());
		assertProblem(post("/app/billing", "{}", "Authorization", "Bearer " + member.accessToken(), "x-workspace-id",
				member.workspaceId().toString()), 403, "access_denied");
		assertThat(post("/app/billing", "{}", "Authorization", "Bearer " + owner.accessToken(), "x-workspace-id",
				owner.workspaceId().toString()).status()).isEqualTo(200);
	}

	@Test
	void hostRoutesWhenNoCredentialsThenHostsBasicChallengeNotStarterProblem() {
		Response response = get("/hello");
		assertThat(response.status()).as("%s", response).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
		assertThat(get("/hello", "Authorization", basic("operator", OPERATOR_PASSWORD)).status()).isEqualTo(200);
	}

	@Test
	void hostRoutesWhenStarterTokenThenRefused() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		assertThat(getAs(owner, "/hello").status()).isEqualTo(401);
	}

	/** The sample's routes and users, with a chain of the host's that applies the configurer itself. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableMethodSecurity
	@Import({ AppController.class, HostController.class })
	static class ConfiguredHost {

		@Bean
		SecurityFilterChain hostChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/auth/**")
				.permitAll()
				.requestMatchers("/app/**")
				.authenticated()
				.anyRequest()
				.authenticated());
			http.with(SystemAuthConfigurer.systemAuth(), withDefaults());
			http.httpBasic(withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService operators() {
			return new InMemoryUserDetailsManager(
					User.withUsername("operator").password("{noop}" + OPERATOR_PASSWORD).roles("OPERATOR").build());
		}

	}

}
