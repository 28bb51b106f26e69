package dev.systemauth.autoconfigure.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;

import dev.systemauth.autoconfigure.PerClassDatabase;
import dev.systemauth.api.CurrentAuth;
import dev.systemauth.autoconfigure.AuthCoreAutoConfiguration;
import dev.systemauth.autoconfigure.AuthWebAutoConfiguration;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.tenant.AuthContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter inside a host application with its own controllers and exception handling: the library answers
 * its own routes (404, 405, 415, 429, 503 and {@code @CurrentAuth} without a token) as problems with a stable
 * {@code code}, and leaves everything else of the host alone; a host's own {@code @ExceptionHandler} for
 * {@code AuthException} comes first on its routes, and on the starter's when the advice is ordered before
 * {@link AuthExceptionTranslator#ORDER}; an unordered catch-all of the host does not take the starter's routes.
 */
class HostErrorHandlingTests {

	private static final String[] PROPERTIES = {
			"auth.jwt.access-token-secret=test-access-token-secret-0123456789-abcdefgh",
			"auth.jwt.refresh-token-secret=test-refresh-token-secret-0123456789-abcdefgh",
			"auth.jwt.token-hash-secret=test-token-hash-secret-0123456789-abcdefgh",
			"auth.links.base-url=https://app.example.test", "auth.password.bcrypt-cost=10" };

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, () -> new DelegatingDataSource(database.get().dataSource()))
		.withUserConfiguration(HostApplication.class)
		.withPropertyValues(PROPERTIES);


	@Test
	void hostHandlerWhenItThrowsThenHostAdviceAnswers() {
		this.contextRunner.run((context) -> assertThat(mvc(context).get().uri("/api/boom")).hasStatus(418)
			.bodyText()
			.isEqualTo("host teapot"));
	}

	@Test
	void hostPathWhenMissingThenLeftToTheHost() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = mvc(context).get().uri("/api/nope").exchange();
			assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(result).bodyText().doesNotContain("\"code\"").doesNotContain("not_found");
			assertThat(result).contentType().isNotEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		});
	}

	@Test
	void authPathWhenMissingThenNotFoundProblem() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = mvc(context).get().uri("/auth/nope").exchange();
			assertThat(result).hasStatus(HttpStatus.NOT_FOUND)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("not_found");
		});
	}

	@Test
	void authRouteWhenWrongMethodThenMethodNotAllowedProblemWithAllow() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = mvc(context).get().uri("/auth/login").exchange();
			assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED).hasHeader(HttpHeaders.ALLOW, "POST");
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("method_not_allowed");
		});
	}

	@Test
	void authRouteWhenBodyNotJsonThenUnsupportedMediaTypeProblem() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = mvc(context).post()
				.uri("/auth/login")
				.contentType(MediaType.TEXT_PLAIN)
				.content("email=someone@example.test")
				.exchange();
			assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("unsupported_media_type");
		});
	}

	@Test
	void hostHandlerWhenCurrentAuthOnUnprotectedRouteThenInvalidTokenProblem() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = mvc(context).get().uri("/api/me").exchange();
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("invalid_token");
		});
	}

	@Test
	void authRouteWhenHostAdviceHandlesAuthExceptionThenHostAdviceAnswers() {
		this.contextRunner.withUserConfiguration(HostAuthExceptionAdvice.class).run((context) -> {
			MvcTestResult result = login(mvc(context), "192.0.2.1");
			assertThat(result).hasStatus(HttpStatus.I_AM_A_TEAPOT).bodyText().isEqualTo("host invalid_credentials");
		});
	}

	@Test
	void hostHandlerWhenHostAdviceHandlesAuthExceptionThenHostAdviceAnswers() {
		this.contextRunner.withUserConfiguration(HostAuthExceptionAdvice.class)
			.run((context) -> assertThat(mvc(context).get().uri("/api/me")).hasStatus(HttpStatus.I_AM_A_TEAPOT)
				.bodyText()
				.isEqualTo("host invalid_token"));
	}

	@Test
	void authRouteWhenNoHostAdviceHandlesAuthExceptionThenStarterProblem() {
		this.contextRunner.run((context) -> {
			MvcTestResult result = login(mvc(context), "192.0.2.2");
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("invalid_credentials");
		});
	}

	@Test
	void authRouteWhenHostHasUnorderedCatchAllAdviceThenStarterProblem() {
		this.contextRunner.withUserConfiguration(HostCatchAllAdvice.class).run((context) -> {
			MvcTestResult result = login(mvc(context), "192.0.2.3");
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("invalid_credentials");
		});
	}

	@Test
	void authRouteWhenHostAdviceHandlesAuthExceptionThenRequestErrorsStayStarterProblems() {
		this.contextRunner.withUserConfiguration(HostAuthExceptionAdvice.class).run((context) -> {
			MvcTestResult result = mvc(context).post()
				.uri("/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"email\": ")
				.exchange();
			assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("malformed_request");
		});
	}

	@Test
	void authRouteWhenBootProblemDetailsEnabledThenStarterProblemsKeepTheirCode() {
		this.contextRunner.withPropertyValues("spring.mvc.problemdetails.enabled=true").run((context) -> {
			MockMvcTester mvc = mvc(context);
			MvcTestResult malformed = mvc.post()
				.uri("/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"email\": ")
				.exchange();
			assertThat(malformed).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(malformed).bodyJson().extractingPath("$.code").isEqualTo("malformed_request");
			assertThat(malformed).bodyJson().extractingPath("$.instance").isEqualTo("/auth/login");
			MvcTestResult missing = mvc.get().uri("/auth/nope").exchange();
			assertThat(missing).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(missing).bodyJson().extractingPath("$.code").isEqualTo("not_found");
			MvcTestResult wrongMethod = mvc.get().uri("/auth/login").exchange();
			assertThat(wrongMethod).hasStatus(HttpStatus.METHOD_NOT_ALLOWED);
			assertThat(wrongMethod).bodyJson().extractingPath("$.code").isEqualTo("method_not_allowed");
		});
	}

	@Test
	void loginWhenIpFailedTooOftenThenTooManyRequestsWithRetryAfter() {
		this.contextRunner.withPropertyValues("auth.throttle.ip-max-attempts=2").run((context) -> {
			MockMvcTester mvc = mvc(context);
			for (int i = 0; i < 2; i++) {
				assertThat(login(mvc)).hasStatus(HttpStatus.UNAUTHORIZED);
			}
			MvcTestResult refused = login(mvc);
			assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
			assertThat(refused).bodyJson().extractingPath("$.code").isEqualTo("too_many_requests");
			String retryAfter = refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER);
			assertThat(retryAfter).as("Retry-After").isNotNull().matches("[0-9]+");
			assertThat(Long.parseLong(retryAfter)).isBetween(1L, 300L);
		});
	}

	@Test
	void loginWhenHashingQueueFullThenServiceUnavailableServerBusyWithRetryAfter() {
		this.contextRunner.withPropertyValues("auth.password.hashing-threads=1", "auth.password.hashing-queue=1")
			.run((context) -> {
				PasswordHashingExecutor executor = context.getBean(PasswordHasher.class).executor();
				CountDownLatch release = new CountDownLatch(1);
				CountDownLatch running = new CountDownLatch(1);
				ExecutorService callers = Executors.newFixedThreadPool(2);
				try {
					callers.submit(() -> executor.call(() -> {
						running.countDown();
						return awaitQuietly(release);
					}));
					assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
					callers.submit(() -> executor.call(() -> true));
					long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
					while (executor.queued() < 1 && System.nanoTime() < deadline) {
						Thread.sleep(5);
					}
					assertThat(executor.queued()).as("the hashing queue is full").isEqualTo(1);
					MvcTestResult refused = login(mvc(context));
					assertThat(refused).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
						.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
						.hasHeader(HttpHeaders.RETRY_AFTER, "1");
					assertThat(refused).bodyJson().extractingPath("$.code").isEqualTo("server_busy");
				}
				finally {
					release.countDown();
					callers.shutdown();
				}
			});
	}

	private static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static MvcTestResult login(MockMvcTester mvc) {
		return login(mvc, "127.0.0.1");
	}

	/** A failed login from its own client address, so it counts against no other test's IP limit. */
	private static MvcTestResult login(MockMvcTester mvc, String remoteAddress) {
		return mvc.post()
			.uri("/auth/login")
			.with((request) -> {
				request.setRemoteAddr(remoteAddress);
				return request;
			})
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"nobody@example.test\",\"password\":\"not the right passphrase\"}")
			.exchange();
	}

	private static MockMvcTester mvc(WebApplicationContext context) {
		return MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context).build());
	}

	@Configuration(proxyBeanMethods = false)
	static class HostApplication {

		@Bean
		HostController hostController() {
			return new HostController();
		}

		@Bean
		HostAdvice hostAdvice() {
			return new HostAdvice();
		}

	}

	@RestController
	static class HostController {

		@GetMapping("/api/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/api/me")
		String me(@CurrentAuth AuthContext auth) {
			return auth.userId().toString();
		}

	}

	/** A host that answers the starter's errors its own way, with an advice ordered before the starter's. */
	@RestControllerAdvice
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
	static class HostAuthExceptionAdvice {

		@ExceptionHandler(AuthException.class)
		ResponseEntity<String> auth(AuthException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT)
				.contentType(MediaType.TEXT_PLAIN)
				.body("host " + ex.getErrorCode().code());
		}

	}

	/** The usual catch-all of an application, with no order: it must not answer the starter's routes. */
	@RestControllerAdvice
	static class HostCatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> anything(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.contentType(MediaType.TEXT_PLAIN)
				.body("host catch-all");
		}

	}

	@RestControllerAdvice
	static class HostAdvice {

		@ExceptionHandler(IllegalStateException.class)
		ResponseEntity<String> teapot(IllegalStateException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).contentType(MediaType.TEXT_PLAIN).body("host teapot");
		}

	}

}
