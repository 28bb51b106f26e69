package dev.systemauth.demo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's secrets when none are given: random per start, announced without their values, and never
 * chosen over a secret that was given. Each start is a real {@code SpringApplication} run (the demo's
 * application.yml and spring.factories, no beans) on an environment without the process's variables, so a
 * developer's own {@code AUTH_*} settings cannot change the outcome.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevSecretsEnvironmentPostProcessorTests {

	private static final List<String> PROPERTIES = List.of("auth.jwt.access-token-secret",
			"auth.jwt.refresh-token-secret", "auth.jwt.token-hash-secret", "auth.mfa.encryption-key");

	@Test
	void applicationYamlWhenReadThenCarriesNoSecretOfItsOwn() throws IOException {
		List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"));
		assertThat(yaml).singleElement().satisfies((source) -> {
			assertThat(source.getProperty("auth.jwt.access-token-secret")).hasToString("${AUTH_ACCESS_TOKEN_SECRET}");
			assertThat(source.getProperty("auth.jwt.refresh-token-secret"))
				.hasToString("${AUTH_REFRESH_TOKEN_SECRET}");
			assertThat(source.getProperty("auth.jwt.token-hash-secret")).hasToString("${AUTH_TOKEN_HASH_SECRET}");
		});
	}

	@Test
	void startWhenNoSecretsGivenThenEachStartGeneratesItsOwnAndWarns(CapturedOutput output) {
		Map<String, String> first = secretsOfStart(Map.of());
		Map<String, String> second = secretsOfStart(Map.of());
		assertThat(first.values()).doesNotHaveDuplicates()
			.allSatisfy((secret) -> assertThat(secret).matches("[A-Za-z0-9_-]{43}"));
		for (String property : PROPERTIES) {
			assertThat(second.get(property)).as(property).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(first.get(property));
		}
		assertThat(output).contains("WARN")
			.contains("No AUTH_ACCESS_TOKEN_SECRET, AUTH_MFA_ENCRYPTION_KEY, AUTH_REFRESH_TOKEN_SECRET, AUTH_TOKEN_HASH_SECRET given");
		for (String secret : List.of(first.values(), second.values()).stream().flatMap((v) -> v.stream()).toList()) {
			assertThat(output.getAll()).doesNotContain(secret);
		}
	}

	@Test
	void startWhenSecretsGivenThenTheyAreKeptAndOnlyTheMissingOneIsGenerated(CapturedOutput output) {
		String access = "given-access-secret-0123456789abcdef-0123456789";
		String refresh = "given-refresh-secret-0123456789abcdef-012345678";
		Map<String, String> secrets = secretsOfStart(
				Map.of("AUTH_ACCESS_TOKEN_SECRET", access, "auth.jwt.refresh-token-secret", refresh));
		assertThat(secrets.get("auth.jwt.access-token-secret")).isEqualTo(access);
		assertThat(secrets.get("auth.jwt.refresh-token-secret")).isEqualTo(refresh);
		assertThat(secrets.get("auth.jwt.token-hash-secret")).matches("[A-Za-z0-9_-]{43}");
		assertThat(output).contains("No AUTH_MFA_ENCRYPTION_KEY, AUTH_TOKEN_HASH_SECRET given")
			.doesNotContain("AUTH_ACCESS_TOKEN_SECRET")
			.doesNotContain("AUTH_REFRESH_TOKEN_SECRET");
	}

	@Test
	void startWhenAllSecretsGivenThenNothingGeneratedAndNoWarning(CapturedOutput output) {
		Map<String, String> given = Map.of("AUTH_ACCESS_TOKEN_SECRET", "given-access-secret-0123456789abcdef-0123456789",
				"AUTH_REFRESH_TOKEN_SECRET", "given-refresh-secret-0123456789abcdef-012345678",
				"AUTH_TOKEN_HASH_SECRET", "given-token-hash-secret-0123456789abcdef-012345",
				"AUTH_MFA_ENCRYPTION_KEY", "Z2l2ZW4tbWZhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=");
		Map<String, String> secrets = secretsOfStart(given);
		assertThat(secrets).containsExactlyInAnyOrderEntriesOf(Map.of("auth.jwt.access-token-secret",
				given.get("AUTH_ACCESS_TOKEN_SECRET"), "auth.jwt.refresh-token-secret",
				given.get("AUTH_REFRESH_TOKEN_SECRET"), "auth.jwt.token-hash-secret", given.get("AUTH_TOKEN_HASH_SECRET"),
				"auth.mfa.encryption-key", given.get("AUTH_MFA_ENCRYPTION_KEY")));
		assertThat(output).doesNotContain("generated random secret");
	}

	private static Map<String, String> secretsOfStart(Map<String, String> given) {
		MockEnvironment environment = new MockEnvironment();
		// keeps DevDatabaseEnvironmentPostProcessor from starting a database
		environment.setProperty("spring.datasource.url", "jdbc:postgresql://localhost/unused");
		given.forEach(environment::setProperty);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
			.web(WebApplicationType.NONE)
			.environment(environment)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run()) {
			Map<String, String> secrets = new LinkedHashMap<>();
			for (String property : PROPERTIES) {
				secrets.put(property, context.getEnvironment().getProperty(property));
			}
			return secrets;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class NoBeans {

	}

}
