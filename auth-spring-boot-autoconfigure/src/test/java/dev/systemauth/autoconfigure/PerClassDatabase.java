package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.systemauth.testing.TestDatabase;

/**
 * A database of its own for one test class, on the JVM's shared PostgreSQL server: created before the class's
 * first test and dropped after its last. Register it as a static field:
 * {@code @RegisterExtension static final PerClassDatabase database = new PerClassDatabase();} and give
 * context runners {@code .withBean(DataSource.class, database::hostDataSource)}.
 */
public final class PerClassDatabase implements BeforeAllCallback, AfterAllCallback {

	private TestDatabase database;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.database = TestDatabase.create();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.database.drop();
	}

	/** The database; only between the class's first and last test. */
	public TestDatabase get() {
		if (this.database == null) {
			throw new IllegalStateException("The database exists only while the test class runs");
		}
		return this.database;
	}

	/** A host {@link DataSource} on the database, as {@link AuthTestSupport#hostDataSource} makes it. */
	public DataSource hostDataSource() {
		return AuthTestSupport.hostDataSource(get());
	}

}
