package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.migrations.DatabaseUrl;

/**
 * The database: the application's {@code DataSource} or an own pool, the migrations at start-up, and the
 * {@link AuthDatabase} handle. The migrations run before any bean that uses the database because
 * {@link AuthMigrationsDatabaseInitializerDetector} declares them a database initializer and
 * {@link AuthDatabaseDependsOnDatabaseInitializationDetector} makes {@link AuthDatabase} (and so every core
 * bean) depend on initialization, the way Spring Boot orders Flyway.
 */
@Configuration(proxyBeanMethods = false)
class AuthDatabaseConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthDataSource authDataSource(AuthProperties properties, ObjectProvider<DataSource> applicationDataSource) {
		AuthProperties.Database database = properties.getDatabase();
		String connectionString = database.getConnectionString();
		if (connectionString != null && !connectionString.isBlank()) {
			return AuthDataSource.owned(ownPool(database, connectionString));
		}
		DataSource dataSource = applicationDataSource.getIfAvailable();
		if (dataSource == null) {
			throw new InvalidConfigurationPropertyValueException("auth.database.connection-string", null,
					"no DataSource is configured: set auth.database.connection-string or spring.datasource.url");
		}
		return AuthDataSource.shared(dataSource);
	}

	private static HikariDataSource ownPool(AuthProperties.Database database, String connectionString) {
		DatabaseUrl url;
		try {
			url = DatabaseUrl.parse(connectionString);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("auth.database.connection-string", "<redacted>",
					ex.getMessage());
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("auth");
		config.setJdbcUrl(url.jdbcUrl());
		if (url.username() != null) {
			config.setUsername(url.username());
		}
		if (url.password() != null) {
			config.setPassword(url.password());
		}
		config.setMaximumPoolSize(database.getMaxPoolSize());
		config.setConnectionTimeout(Math.max(250, database.getConnectionTimeout().toMillis()));
		config.setInitializationFailTimeout(-1);
		if (database.isSsl()) {
			config.addDataSourceProperty("sslmode", "require");
		}
		return new HikariDataSource(config);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "auth.migrations.enabled", matchIfMissing = true)
	AuthMigrationsInitializer authMigrationsInitializer(AuthDataSource dataSource, AuthProperties properties) {
		return new AuthMigrationsInitializer(
				new AuthMigrations(dataSource.getDataSource(), properties.getDatabase().getSchema()));
	}

	@Bean
	@ConditionalOnMissingBean
	AuthDatabase authDatabase(AuthDataSource dataSource, AuthProperties properties) {
		return new AuthDatabase(dataSource.getDataSource(), properties.getDatabase().getSchema());
	}

}
