package dev.systemauth.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.api.CurrentAuth;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

/**
 * A host with Actuator and its own chain for the endpoints ({@code EndpointRequest}: health open, everything
 * else for its operators over HTTP basic) next to its catch-all chain, over real HTTP: the actuator
 * endpoints stay under the host's chain (the starter's token opens nothing there), and the starter's routes
 * and protected paths still work with neither CSRF token nor basic credentials. The starter's meters are
 * then readable at {@code /actuator/metrics} by the host's operators.
 */
@SpringBootTest(classes = ActuatorChainTests.ActuatorHost.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "auth.jwt.access-token-secret=" + AuthTestSupport.ACCESS_SECRET,
		"auth.jwt.refresh-token-secret=" + AuthTestSupport.REFRESH_SECRET,
		"auth.jwt.token-hash-secret=" + AuthTestSupport.HASH_SECRET, "auth.links.base-url=" + AuthTestSupport.BASE_URL,
		"auth.password.bcrypt-cost=10", "auth.classic.require-email-verification=false",
		"auth.web.protected-paths=/app/**", "management.endpoints.web.exposure.include=health,metrics" })
class ActuatorChainTests {

	private static final String OPERATOR_PASSWORD = "operator-" + UUID.randomUUID();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TestDatabase database = TestDatabase.create();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	FilterChainProxy filterChainProxy;

	@Autowired
	SecurityFilterChain actuatorChain;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

	@AfterAll
	static void dropDatabase() {
		database.drop();
	}

	@Test
	void actuatorWhenNoCredentialsThenHostChainAnswers() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		HttpResponse<String> metrics = get("/actuator/metrics");
		assertThat(metrics.statusCode()).isEqualTo(401);
		assertThat(metrics.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("Basic"));
	}

	@Test
	void actuatorWhenStarterTokenThenRefused() throws Exception {
		JsonNode owner = signup();
		HttpResponse<String> metrics = get("/actuator/metrics", "Authorization",
				"Bearer " + owner.get("accessToken").asString(), "x-workspace-id", owner.get("workspaceId").asString());
		assertThat(metrics.statusCode()).isEqualTo(401);
	}

	@Test
	void starterRoutesWhenNoCsrfNorBasicThenServedAndMetricsReadableByOperator() throws Exception {
		JsonNode owner = signup();
		HttpResponse<String> projects = get("/app/projects", "Authorization",
				"Bearer " + owner.get("accessToken").asString(), "x-workspace-id", owner.get("workspaceId").asString());
		assertThat(projects.statusCode()).as(projects.body()).isEqualTo(200);
		assertThat(projects.body()).isEqualTo(owner.get("workspaceId").asString());
		HttpResponse<String> access = get("/actuator/metrics/auth.access?tag=outcome:granted", "Authorization",
				basic("operator", OPERATOR_PASSWORD));
		assertThat(access.statusCode()).as(access.body()).isEqualTo(200);
		HttpResponse<String> signups = get("/actuator/metrics/auth.signup?tag=outcome:success", "Authorization",
				basic("operator", OPERATOR_PASSWORD));
		assertThat(signups.statusCode()).as(signups.body()).isEqualTo(200);
		assertThat(JSON.readTree(signups.body()).get("measurements").get(0).get("value").asDouble()).isPositive();
	}

	@Test
	void chainsWhenHostGovernsActuatorThenStarterChainFirstAndHostChainsKept() {
		List<SecurityFilterChain> chains = this.filterChainProxy.getFilterChains();
		assertThat(chains).hasSize(3);
		assertThat(chains.get(0).getFilters()).anySatisfy((filter) -> assertThat(filter.getClass().getSimpleName())
			.isEqualTo("AuthContextAuthenticationFilter"));
		assertThat(chains).contains(this.actuatorChain);
	}

	private JsonNode signup() throws Exception {
		HttpResponse<String> response = post("/auth/signup", "{\"email\":\"owner-" + UUID.randomUUID()
				+ "@example.test\",\"password\":\"Qx7-" + UUID.randomUUID() + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
		return client.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** A host that secures Actuator itself, as Boot's reference documentation shows, and everything else too. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ActuatorHost {

		@Bean
		@Order(1)
		SecurityFilterChain actuatorChain(HttpSecurity http) {
			http.securityMatcher(EndpointRequest.toAnyEndpoint());
			http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.anyRequest()
				.hasRole("OPERATOR"));
			http.httpBasic(withDefaults());
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain hostChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.httpBasic(withDefaults());
			return http.build();
		}

		@Bean
		UserDetailsService operators() {
			return new InMemoryUserDetailsManager(User.withUsername("operator")
				.password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(OPERATOR_PASSWORD))
				.roles("OPERATOR")
				.build());
		}

		@Bean
		ProjectsController projectsController() {
			return new ProjectsController();
		}

	}

	@RestController
	static class ProjectsController {

		@GetMapping("/app/projects")
		String projects(@CurrentAuth AuthContext auth) {
			return auth.workspaceId().toString();
		}

	}

}
