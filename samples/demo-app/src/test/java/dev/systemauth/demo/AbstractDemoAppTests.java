package dev.systemauth.demo;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.systemauth.testing.TestDatabase;

/**
 * The demo app on one fresh PostgreSQL database shared by the test classes of this JVM. Classes that only
 * add {@code @TestPropertySource} flags get their own context on the same database; the others share one
 * cached context. Tests use unique emails, so they never see each other's accounts.
 */
abstract class AbstractDemoAppTests extends EndToEndSupport {

	static final TestDatabase database = TestDatabase.create();

	/** Direct access to the app's database, outside the app. */
	final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

}
