package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.validPropertiesWithout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the starter's beans are ordered and when they back off: migrations before first use (Spring Boot's
 * database-initialization detectors), the web configurer a host can replace, and the links only classic auth
 * needs.
 */
class AuthWiringTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();


	private static WebApplicationContextRunner runner(TestDatabase target) {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					WebMvcAutoConfiguration.class))
			.withBean(DataSource.class, () -> hostDataSource(target))
			.withPropertyValues(VALID_PROPERTIES);
	}

	@Test
	void contextWhenHostBeanReadsAuthTablesAtStartUpThenMigrationsRanBeforeIt() {
		TestDatabase empty = TestDatabase.create();
		try {
			runner(empty).withUserConfiguration(HostReaderConfiguration.class).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(HostReader.class).users).isZero();
			});
		}
		finally {
			empty.drop();
		}
	}

	@Test
	void contextWhenDefaultsThenAuthDatabaseDependsOnTheMigrations() {
		runner(database.get()).run((context) -> {
			assertThat(context).hasNotFailed();
			String[] dependsOn = context.getBeanFactory().getBeanDefinition("authDatabase").getDependsOn();
			assertThat(dependsOn).contains("authMigrationsInitializer");
		});
	}

	@Test
	void contextWhenMigrationsDisabledThenStartsWithoutInitializer() {
		runner(database.get()).withPropertyValues("auth.migrations.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AuthMigrationsInitializer.class).hasSingleBean(AuthDatabase.class);
		});
	}

	@Test
	void contextWhenHostDefinesAuthWebMvcConfigurerThenStarterBacksOff() {
		WebMvcConfigurer hostConfigurer = new WebMvcConfigurer() {
		};
		runner(database.get()).withBean("authWebMvcConfigurer", WebMvcConfigurer.class, () -> hostConfigurer)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("authWebMvcConfigurer")).isSameAs(hostConfigurer);
			});
	}

	@Test
	void contextWhenClassicDisabledAndNoBaseUrlThenStartsWithoutLinks() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					WebMvcAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(validPropertiesWithout("auth.links.base-url"))
			.withPropertyValues("auth.classic.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AuthLinks.class).doesNotHaveBean(SignInFlow.class);
			});
	}

	@Test
	void contextWhenClassicEnabledAndNoBaseUrlThenFailsNamingProperty() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					WebMvcAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(validPropertiesWithout("auth.links.base-url"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("auth.links.base-url"));
	}

	@Test
	void contextWhenNeitherBeanValidationNorMailOnClasspathThenClassicAuthStillStarts() {
		runner(database.get())
			.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator",
					"org.springframework.mail", "jakarta.mail"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SignInFlow.class).hasSingleBean(MailDispatcher.class);
			});
	}

	/** A host bean that reads the library's tables as it is created, as a host's cache warm-up would. */
	@Configuration(proxyBeanMethods = false)
	static class HostReaderConfiguration {

		@Bean
		@DependsOnDatabaseInitialization
		HostReader hostReader(DataSource dataSource) {
			return new HostReader(JdbcClient.create(dataSource)
				.sql("SELECT count(*) FROM auth.users")
				.query(Long.class)
				.single());
		}

	}

	static final class HostReader {

		final long users;

		HostReader(long users) {
			this.users = users;
		}

	}

}
