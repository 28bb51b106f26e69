package dev.systemauth.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link AuthMigrationsInitializer} initializes the database, so that every bean that
 * depends on database initialization (a host's {@code JdbcTemplate}, JPA, {@code @DependsOnDatabaseInitialization}
 * beans, and the library's own {@code AuthDatabase}) is created after the migrations ran. Registered in
 * {@code META-INF/spring.factories} as a {@link DatabaseInitializerDetector}, as Boot registers Flyway's.
 */
class AuthMigrationsDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(AuthMigrationsInitializer.class);
	}

}
