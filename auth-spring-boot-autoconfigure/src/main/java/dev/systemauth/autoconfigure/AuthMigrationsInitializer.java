package dev.systemauth.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import dev.systemauth.migrations.AuthMigrations;

/**
 * Applies the library's migrations when the context starts ({@code auth.migrations.enabled}). Flyway's
 * advisory lock makes concurrent start-ups of several instances safe.
 */
public final class AuthMigrationsInitializer implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(AuthMigrationsInitializer.class);

	private final AuthMigrations migrations;

	public AuthMigrationsInitializer(AuthMigrations migrations) {
		this.migrations = migrations;
	}

	@Override
	public void afterPropertiesSet() {
		int applied = this.migrations.migrate();
		if (applied > 0) {
			logger.info("Applied {} auth migration(s)", applied);
		}
	}

}
