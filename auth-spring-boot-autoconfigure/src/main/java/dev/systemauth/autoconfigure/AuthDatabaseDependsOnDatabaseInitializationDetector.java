package dev.systemauth.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * Makes every {@link AuthDatabase} bean depend on database initialization, so that the library's stores,
 * which all go through it, never run before the migrations. Registered in {@code META-INF/spring.factories}
 * as a {@link DependsOnDatabaseInitializationDetector}.
 */
class AuthDatabaseDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(AuthDatabase.class);
	}

}
