package dev.systemauth.migrations;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.postgresql.ds.PGSimpleDataSource;

import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app instances starting at once against a fresh database, as in a rolling deploy.
 */
class AuthMigrationsConcurrencyTests {

	private TestDatabase database;

	private ExecutorService executor;

	@BeforeEach
	void setUp() {
		this.database = TestDatabase.create();
		this.executor = Executors.newFixedThreadPool(2);
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(30, TimeUnit.SECONDS);
		this.database.drop();
	}

	@RepeatedTest(3)
	void migrateWhenTwoInstancesStartAtOnceThenEachMigrationRunsOnce() throws Exception {
		AuthMigrations first = new AuthMigrations(this.database.dataSource(), "auth");
		AuthMigrations second = new AuthMigrations(secondInstanceDataSource(), "auth");
		CountDownLatch ready = new CountDownLatch(2);
		CountDownLatch start = new CountDownLatch(1);
		Future<Integer> firstResult = this.executor.submit(() -> migrateOnSignal(first, ready, start));
		Future<Integer> secondResult = this.executor.submit(() -> migrateOnSignal(second, ready, start));
		assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
		start.countDown();

		int applied = firstResult.get(60, TimeUnit.SECONDS) + secondResult.get(60, TimeUnit.SECONDS);

		assertThat(applied).isEqualTo(14);
		assertThat(Rows.query(this.database.dataSource(), """
				SELECT version, success FROM auth.auth_schema_history
				WHERE version IS NOT NULL ORDER BY installed_rank
				""")).containsExactly(List.of("001", true), List.of("002", true), List.of("003", true),
				List.of("004", true), List.of("005", true), List.of("006", true), List.of("007", true), List.of("008", true), List.of("009", true),
				List.of("010", true), List.of("011", true), List.of("012", true), List.of("013", true),
				List.of("014", true));
		assertThat(Rows.query(this.database.dataSource(),
				"SELECT count(*) FROM auth.auth_schema_history WHERE NOT success")).containsExactly(List.of(0L));
	}

	private static int migrateOnSignal(AuthMigrations migrations, CountDownLatch ready, CountDownLatch start)
			throws InterruptedException {
		ready.countDown();
		start.await();
		return migrations.migrate();
	}

	/** A separate connection source, as a second app instance would have. */
	private PGSimpleDataSource secondInstanceDataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.database.jdbcUrl());
		dataSource.setUser(this.database.username());
		if (this.database.password() != null) {
			dataSource.setPassword(this.database.password());
		}
		return dataSource;
	}

}
