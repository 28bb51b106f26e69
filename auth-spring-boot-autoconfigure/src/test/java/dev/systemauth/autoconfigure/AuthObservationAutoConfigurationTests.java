package dev.systemauth.autoconfigure;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import dev.systemauth.autoconfigure.observation.AuthFlowObservationInterceptor;
import dev.systemauth.autoconfigure.observation.ProblemCodeAdvice;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthObservationAutoConfiguration}: with an {@link ObservationRegistry}, each flow route is observed
 * under its name with its outcome ({@code success} or the problem code), which Micrometer's default handler
 * records as a timer; other routes are not observed; without a registry nothing is added.
 */
class AuthObservationAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				WebMvcAutoConfiguration.class, AuthObservationAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withUserConfiguration(Observations.class)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void flowRoutesWhenCalledThenTimedByNameAndOutcome() {
		this.contextRunner.withPropertyValues("auth.classic.require-email-verification=false").run((context) -> {
			MockMvcTester mvc = mvc(context);
			String email = "observed-" + UUID.randomUUID() + "@example.test";
			String password = "Qx7-" + UUID.randomUUID();
			MvcTestResult signup = post(mvc, "/auth/signup", email, password);
			assertThat(signup).as(signup.getResponse().getContentAsString()).hasStatus(HttpStatus.CREATED);
			assertThat(post(mvc, "/auth/login", email, password)).hasStatus(HttpStatus.OK);
			assertThat(post(mvc, "/auth/login", email, "not the passphrase")).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(post(mvc, "/auth/login", email, "not the passphrase either")).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(mvc.post().uri("/auth/refresh").contentType(MediaType.APPLICATION_JSON).content("{}"))
				.hasStatus(HttpStatus.BAD_REQUEST);
			assertThat(timers(context)).containsExactlyInAnyOrderEntriesOf(
					Map.of("auth.signup success", 1L, "auth.login success", 1L, "auth.login invalid_credentials", 2L,
							"auth.refresh validation_failed", 1L));
			Timer failed = registry(context).get("auth.login").tag("outcome", "invalid_credentials").timer();
			assertThat(failed.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	@Test
	void otherRoutesWhenCalledThenNotObserved() {
		this.contextRunner.run((context) -> {
			MockMvcTester mvc = mvc(context);
			assertThat(mvc.get().uri("/auth/sessions")).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(mvc.get().uri("/auth/nope")).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(timers(context)).isEmpty();
		});
	}

	@Test
	void flowRoutesWhenBasePathSetThenObservedThere() {
		this.contextRunner.withPropertyValues("auth.web.base-path=/identity").run((context) -> {
			assertThat(post(mvc(context), "/identity/login", "nobody@example.test", "some passphrase"))
				.hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(timers(context)).containsExactlyEntriesOf(Map.of("auth.login invalid_credentials", 1L));
		});
	}

	@Test
	void contextWhenNoObservationRegistryThenNothingObserved() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					WebMvcAutoConfiguration.class, AuthObservationAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(VALID_PROPERTIES)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthFlowObservationInterceptor.class)
				.doesNotHaveBean(ProblemCodeAdvice.class));
	}

	@Test
	void contextWhenMicrometerObservationAbsentThenNothingObserved() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					WebMvcAutoConfiguration.class, AuthObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(VALID_PROPERTIES)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(AuthObservationAutoConfiguration.class));
	}

	private static MeterRegistry registry(AssertableWebApplicationContext context) {
		return context.getBean(SimpleMeterRegistry.class);
	}

	/** "name outcome" to count of every timer. */
	private static Map<String, Long> timers(AssertableWebApplicationContext context) {
		Map<String, Long> timers = new TreeMap<>();
		registry(context).getMeters().stream().filter(Timer.class::isInstance).map(Timer.class::cast).forEach(
				(timer) -> timers.put(timer.getId().getName() + " " + timer.getId().getTag("outcome"), timer.count()));
		return timers;
	}

	private static MockMvcTester mvc(AssertableWebApplicationContext context) {
		return MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context).build());
	}

	private static MvcTestResult post(MockMvcTester mvc, String path,
			String email, String password) {
		return mvc.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
			.exchange();
	}

	/** What Boot's observation and metrics auto-configurations provide: a registry whose observations are timed. */
	@Configuration(proxyBeanMethods = false)
	static class Observations {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(SimpleMeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

}
