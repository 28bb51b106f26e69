package dev.systemauth.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.systemauth.autoconfigure.metrics.AuthAccessMetrics;
import dev.systemauth.api.CurrentAuth;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.token.AccessTokenService;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protected path behind the starter's {@code SecurityFilterChain} while the database cannot be reached:
 * the membership cannot be checked, so the request fails closed with the same 503 {@code service_unavailable}
 * problem (and {@code Retry-After}) as without Spring Security, never Spring Security's 401/403 nor a 500;
 * and every check is timed under {@code auth.access} by its outcome.
 */
class SecurityChainFailClosedTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				WebMvcAutoConfiguration.class, AuthSecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withBean(DataSource.class, SecurityChainFailClosedTests::unreachableDatabase)
		.withBean(ProtectedController.class)
		.withPropertyValues(VALID_PROPERTIES)
		// nothing may reach the database before the request: no migrations, no cache and no listener
		.withPropertyValues("auth.web.protected-paths=/app/**", "auth.migrations.enabled=false",
				"auth.membership-cache.enabled=false");

	@Test
	void protectedPathWhenDatabaseUnreachableThenServiceUnavailableProblem() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasBean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME);
			UUID workspaceId = UUID.randomUUID();
			MvcTestResult result = mvc(context).get()
				.uri("/app/projects")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(context, workspaceId))
				.header("x-workspace-id", workspaceId.toString())
				.exchange();
			assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader(HttpHeaders.RETRY_AFTER, "5");
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("service_unavailable");
			assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(503);
		});
	}

	@Test
	void protectedPathChecksWhenDatabaseUnreachableThenTimedByOutcome() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(AuthAccessMetrics.class).bindTo(registry);
			MockMvcTester mvc = mvc(context);
			UUID workspaceId = UUID.randomUUID();
			String bearer = "Bearer " + token(context, workspaceId);
			assertThat(mvc.get().uri("/app/projects")).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(mvc.get().uri("/app/projects").header(HttpHeaders.AUTHORIZATION, bearer))
				.hasStatus(HttpStatus.BAD_REQUEST);
			assertThat(mvc.get()
				.uri("/app/projects")
				.header(HttpHeaders.AUTHORIZATION, bearer)
				.header("x-workspace-id", UUID.randomUUID().toString())).hasStatus(HttpStatus.FORBIDDEN);
			for (int i = 0; i < 2; i++) {
				assertThat(mvc.get()
					.uri("/app/projects")
					.header(HttpHeaders.AUTHORIZATION, bearer)
					.header("x-workspace-id", workspaceId.toString())).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
			}
			assertThat(checks(registry)).containsExactlyInAnyOrderEntriesOf(Map.of("invalid_token", 1L,
					"workspace_required", 1L, "workspace_mismatch", 1L, "service_unavailable", 2L));
			assertThat(registry.get("auth.access").tag("outcome", "service_unavailable").timer().totalTime(
					java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	private static Map<String, Long> checks(SimpleMeterRegistry registry) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		registry.find("auth.access").timers().forEach((timer) -> counts.put(timer.getId().getTag("outcome"),
				timer.count()));
		return counts;
	}

	private static String token(AssertableWebApplicationContext context, UUID workspaceId) {
		return context.getBean(AccessTokenService.class).issue(UUID.randomUUID(), workspaceId, UUID.randomUUID());
	}

	private static MockMvcTester mvc(AssertableWebApplicationContext context) {
		Filter security = context.getBean("springSecurityFilterChain", Filter.class);
		return MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context).addFilters(security).build());
	}

	/** A PostgreSQL URL on a port that was free a moment ago: every connection attempt is refused at once. */
	private static DataSource unreachableDatabase() {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:" + port + "/auth?connectTimeout=2", "auth", "auth");
		dataSource.setDriverClassName("org.postgresql.Driver");
		return dataSource;
	}

	@RestController
	static class ProtectedController {

		@GetMapping("/app/projects")
		String projects(@CurrentAuth AuthContext auth) {
			return auth.workspaceId().toString();
		}

	}

}
