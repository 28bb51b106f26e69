package dev.systemauth.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.MembershipChangeListener;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.ACCESS_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.HASH_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.REFRESH_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbc;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbcConnectionString;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The opt-in membership cache as {@link AuthCoreAutoConfiguration} wires it on a real PostgreSQL: absent by
 * default; when enabled, fed by a listener on its own connection and used by the services that check and
 * change memberships; refused with a named property when misconfigured; stopped with the context.
 */
class MembershipCacheAutoConfigurationTests {

	private static final ClientInfo CLIENT = new ClientInfo("203.0.113.10", "JUnit");

	private static final Duration SERVING_LIMIT = Duration.ofSeconds(5);

	private static TestDatabase database;

	private final CountingDataSource hostDataSource = new CountingDataSource(database.dataSource());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
		.withPropertyValues(VALID_PROPERTIES)
		.withBean(DataSource.class, () -> this.hostDataSource);

	@BeforeAll
	static void createDatabase() {
		database = TestDatabase.create();
		new AuthMigrations(database.dataSource(), "auth").migrate();
	}

	@AfterAll
	static void dropDatabase() {
		database.drop();
	}

	/** Issue 10 item 9: the defaults a new user gets are the fast and safe ones. */
	@Test
	void contextWhenDefaultsThenCacheAndListenerOn() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MembershipCache.class).hasSingleBean(MembershipChangeListener.class);
		});
	}

	@Test
	void contextWhenCacheDisabledThenNoCacheNoListenerAndEveryCheckQueriesDatabase() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MembershipCache.class).doesNotHaveBean(MembershipChangeListener.class);
			Member member = member(context, MembershipRole.ADMIN);
			WorkspaceService workspaces = context.getBean(WorkspaceService.class);
			long before = this.hostDataSource.connections();
			for (int i = 0; i < 5; i++) {
				assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
			}
			assertThat(this.hostDataSource.connections() - before).as("connections for 5 uncached checks").isEqualTo(5);
		});
	}

	@Test
	void contextWhenEnabledFalseThenNoCacheNoListener() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(MembershipCache.class)
				.doesNotHaveBean(MembershipChangeListener.class));
	}

	@Test
	void contextWhenEnabledThenCacheServesChecksAndServicesInvalidateIt() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(MembershipCache.class).hasSingleBean(MembershipChangeListener.class);
			MembershipCache cache = context.getBean(MembershipCache.class);
			awaitTrue(cache::isServing, SERVING_LIMIT, "the cache serves");
			WorkspaceService workspaces = context.getBean(WorkspaceService.class);
			Member member = member(context, MembershipRole.ADMIN);
			Member other = member(context, MembershipRole.MEMBER);
			awaitCachedCheck(context, member, MembershipRole.ADMIN);
			awaitCachedCheck(context, other, MembershipRole.MEMBER);
			// the services that change memberships drop the entry at once
			assertThat(workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
			assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
			assertThat(context.getBean(UserStore.class).updateStatus(other.userId(), UserStatus.SUSPENDED, Instant.now()))
				.isTrue();
			assertThat(workspaces.activeRole(other.workspaceId(), other.userId())).isEmpty();
		});
	}

	@Test
	void contextWhenEnabledThenListenerHearsChangesMadeOutsideTheLibrary() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			MembershipCache cache = context.getBean(MembershipCache.class);
			awaitTrue(cache::isServing, SERVING_LIMIT, "the cache serves");
			WorkspaceService workspaces = context.getBean(WorkspaceService.class);
			Member member = member(context, MembershipRole.OWNER);
			awaitCachedCheck(context, member, MembershipRole.OWNER);
			jdbc(database)
				.sql("UPDATE auth.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?")
				.params(member.workspaceId(), member.userId())
				.update();
			awaitTrue(() -> workspaces.activeRole(member.workspaceId(), member.userId()).isEmpty(),
					Duration.ofSeconds(1), "refused within a second of a change by plain SQL");
		});
	}

	@Test
	void contextWhenEnabledWithOwnPoolThenListenerTakesNoPoolConnection() {
		AtomicReference<HikariDataSource> ownPool = new AtomicReference<>();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
			.withPropertyValues(VALID_PROPERTIES)
			.withPropertyValues("auth.membership-cache.enabled=true",
					"auth.database.connection-string=" + jdbcConnectionString(database), "auth.database.max-pool-size=1",
					"auth.database.connection-timeout=2s", "auth.migrations.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource pool = (HikariDataSource) context.getBean(AuthDataSource.class).getDataSource();
				ownPool.set(pool);
				MembershipCache cache = context.getBean(MembershipCache.class);
				awaitTrue(cache::isServing, SERVING_LIMIT, "the cache serves");
				assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("pool connections in use while idle")
					.isZero();
				// the single pool connection stays free for the library's own work
				WorkspaceService workspaces = context.getBean(WorkspaceService.class);
				Member member = member(context, MembershipRole.ADMIN);
				awaitTrue(() -> workspaces.activeRole(member.workspaceId(), member.userId())
					.equals(Optional.of(MembershipRole.ADMIN)), SERVING_LIMIT, "the member's role");
				assertThat(workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
				assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
				assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("pool connections in use while idle")
					.isZero();
			});
		assertThat(ownPool.get().isClosed()).isTrue();
	}

	@Test
	void contextWhenHostDefinesMembershipCacheThenItIsFedAndUsed() {
		MembershipCache hostCache = new MembershipCache(Duration.ofMinutes(5), 10, Clock.systemUTC());
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true")
			.withBean(MembershipCache.class, () -> hostCache)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(MembershipCache.class).isSameAs(hostCache);
				assertThat(context).hasSingleBean(MembershipChangeListener.class);
				awaitTrue(hostCache::isServing, SERVING_LIMIT, "the host's cache serves");
				Member member = member(context, MembershipRole.ADMIN);
				awaitCachedCheck(context, member, MembershipRole.ADMIN);
			});
		assertThat(hostCache.isServing()).as("the host's cache serving after close").isFalse();
	}

	@Test
	void contextWhenHostListenerHearsNothingThenServicesStillRefuseAtOnce() {
		TestDatabase elsewhere = TestDatabase.create();
		try {
			this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true")
				.withUserConfiguration(DeafListenerConfiguration.class)
				.withBean(TestDatabase.class, () -> elsewhere)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).getBean(MembershipChangeListener.class)
						.isSameAs(context.getBean(DeafListenerConfiguration.class).listener);
					MembershipCache cache = context.getBean(MembershipCache.class);
					awaitTrue(cache::isServing, SERVING_LIMIT, "the cache serves");
					WorkspaceService workspaces = context.getBean(WorkspaceService.class);
					Member member = member(context, MembershipRole.ADMIN);
					Member other = member(context, MembershipRole.MEMBER);
					for (Member cached : List.of(member, other)) {
						workspaces.activeRole(cached.workspaceId(), cached.userId());
						assertThat(connectionsFor(workspaces, cached)).as("connections for a cached check").isZero();
					}
					// this instance hears no notification: only the services' own invalidation can refuse at once
					assertThat(workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
					assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
					assertThat(context.getBean(UserStore.class).updateStatus(other.userId(), UserStatus.SUSPENDED, Instant.now()))
						.isTrue();
					assertThat(workspaces.activeRole(other.workspaceId(), other.userId())).isEmpty();
				});
		}
		finally {
			elsewhere.drop();
		}
	}

	@Test
	void contextWhenTtlSetThenEntriesExpireAfterIt() {
		SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true", "auth.membership-cache.ttl=30s")
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				awaitTrue(context.getBean(MembershipCache.class)::isServing, SERVING_LIMIT, "the cache serves");
				WorkspaceService workspaces = context.getBean(WorkspaceService.class);
				Member member = member(context, MembershipRole.ADMIN);
				awaitCachedCheck(context, member, MembershipRole.ADMIN);
				clock.advance(Duration.ofSeconds(29));
				assertThat(connectionsFor(workspaces, member)).as("connections for a check before the ttl").isZero();
				clock.advance(Duration.ofSeconds(2));
				assertThat(connectionsFor(workspaces, member)).as("connections for a check after the ttl").isOne();
			});
	}

	@Test
	void contextWhenMaxEntriesOneThenEachNewEntryEvictsTheLast() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true", "auth.membership-cache.max-entries=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				awaitTrue(context.getBean(MembershipCache.class)::isServing, SERVING_LIMIT, "the cache serves");
				WorkspaceService workspaces = context.getBean(WorkspaceService.class);
				Member first = member(context, MembershipRole.ADMIN);
				Member second = member(context, MembershipRole.MEMBER);
				awaitCachedCheck(context, first, MembershipRole.ADMIN);
				assertThat(connectionsFor(workspaces, second)).as("connections for a first check of another member")
					.isOne();
				assertThat(connectionsFor(workspaces, first)).as("connections for the evicted member").isOne();
			});
	}

	@Test
	void contextWhenTtlZeroThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true", "auth.membership-cache.ttl=0s")
			.run((context) -> assertFailure(context, "auth.membership-cache.ttl", "must be positive"));
	}

	@Test
	void contextWhenTtlNegativeThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true", "auth.membership-cache.ttl=-5s")
			.run((context) -> assertFailure(context, "auth.membership-cache.ttl", "must be positive"));
	}

	@Test
	void contextWhenMaxEntriesZeroThenFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues("auth.membership-cache.enabled=true", "auth.membership-cache.max-entries=0")
			.run((context) -> assertFailure(context, "auth.membership-cache.max-entries", "must be between"));
	}

	@Test
	void contextWhenClosedThenListenerStopsReleasesItsConnectionAndCacheNoLongerServes() {
		HikariDataSource hostPool = (HikariDataSource) database.dataSource();
		AtomicReference<MembershipCache> cacheRef = new AtomicReference<>();
		AtomicReference<WorkspaceService> workspacesRef = new AtomicReference<>();
		AtomicReference<Member> memberRef = new AtomicReference<>();
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			MembershipCache cache = context.getBean(MembershipCache.class);
			awaitTrue(cache::isServing, SERVING_LIMIT, "the cache serves");
			// the host's pool is not a Hikari pool the library can copy, so the listener holds one of its connections
			// (other work of the shared pool may be in flight too, so at least one)
			assertThat(hostPool.getHikariPoolMXBean().getActiveConnections()).as("host pool connections in use")
				.isGreaterThanOrEqualTo(1);
			Member member = member(context, MembershipRole.ADMIN);
			awaitCachedCheck(context, member, MembershipRole.ADMIN);
			cacheRef.set(cache);
			workspacesRef.set(context.getBean(WorkspaceService.class));
			memberRef.set(member);
		});
		MembershipCache cache = cacheRef.get();
		assertThat(cache.isServing()).as("serving after the context closed").isFalse();
		awaitTrue(() -> hostPool.getHikariPoolMXBean().getActiveConnections() == 0, Duration.ofSeconds(2),
				"the listener's connection is back in the host's pool");
		long closed = System.nanoTime();
		while ((System.nanoTime() - closed) < Duration.ofMillis(1500).toNanos()) {
			assertThat(cache.isServing()).as("serving after the context closed").isFalse();
			sleep(20);
		}
		assertThat(hostPool.getHikariPoolMXBean().getActiveConnections()).as("host pool connections in use").isZero();
		// nothing stale is served by a service still held after close
		Member member = memberRef.get();
		jdbc(database).sql("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?")
			.params(member.workspaceId(), member.userId())
			.update();
		assertThat(workspacesRef.get().activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void contextWhenClosedWithOwnPoolThenListenerConnectionGone() {
		List<Integer> before = listeningBackends();
		AtomicReference<List<Integer>> listener = new AtomicReference<>();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
			.withPropertyValues(VALID_PROPERTIES)
			.withPropertyValues("auth.membership-cache.enabled=true",
					"auth.database.connection-string=" + jdbcConnectionString(database))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				awaitTrue(context.getBean(MembershipCache.class)::isServing, SERVING_LIMIT, "the cache serves");
				List<Integer> started = listeningBackends().stream().filter((pid) -> !before.contains(pid)).toList();
				assertThat(started).as("backends that started listening with the context").hasSize(1);
				listener.set(started);
			});
		awaitTrue(() -> jdbc(database).sql("SELECT count(*) FROM pg_stat_activity WHERE pid IN (:pids)")
			.param("pids", listener.get())
			.query(Integer.class)
			.single() == 0, Duration.ofSeconds(2), "the listener's connection is closed");
	}

	@Test
	void contextWhenClosedThenNoConnectionOfTheHostPoolStillListens() throws SQLException {
		HikariDataSource hostPool = (HikariDataSource) database.dataSource();
		this.contextRunner.withPropertyValues("auth.membership-cache.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			awaitTrue(context.getBean(MembershipCache.class)::isServing, SERVING_LIMIT, "the cache serves");
		});
		awaitTrue(() -> hostPool.getHikariPoolMXBean().getActiveConnections() == 0, Duration.ofSeconds(2),
				"the listener's connection is back in the host's pool");
		List<Connection> borrowed = new ArrayList<>();
		try {
			int listening = 0;
			for (int i = 0; i < hostPool.getHikariPoolMXBean().getTotalConnections(); i++) {
				Connection connection = hostPool.getConnection();
				borrowed.add(connection);
				try (Statement statement = connection.createStatement();
						ResultSet channels = statement.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
					channels.next();
					listening += channels.getInt(1);
				}
			}
			assertThat(listening).as("pooled connections still listening").isZero();
		}
		finally {
			for (Connection connection : borrowed) {
				connection.close();
			}
		}
	}

	/** Backends of this database whose last statement was the listener's ({@code LISTEN} or its delivery ping). */
	private static List<Integer> listeningBackends() {
		return jdbc(database).sql("""
				SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
				AND (query = 'LISTEN auth_membership_changed'
					OR query LIKE 'SELECT pg\\_notify(''auth\\_membership\\_changed'', ''ping:%')""").query(Integer.class).list();
	}

	/**
	 * Waits until every notification committed so far (the member's own, say) has been applied, then asserts a
	 * check is served without a connection.
	 */
	private void awaitCachedCheck(ApplicationContext context, Member member, MembershipRole role) {
		awaitNotificationsApplied(context.getBean(MembershipCache.class));
		WorkspaceService workspaces = context.getBean(WorkspaceService.class);
		assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).contains(role);
		long before = this.hostDataSource.connections();
		assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).contains(role);
		assertThat(this.hostDataSource.connections() - before).as("connections for a cached check").isZero();
	}

	/**
	 * Caches a sentinel entry, commits a notification for it and waits until it is dropped: PostgreSQL delivers
	 * notifications in commit order, so every earlier one has been applied too.
	 */
	private static void awaitNotificationsApplied(MembershipCache cache) {
		UUID workspaceId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		AtomicLong loads = new AtomicLong();
		Supplier<Optional<MembershipRole>> sentinel = () -> {
			loads.incrementAndGet();
			return Optional.of(MembershipRole.MEMBER);
		};
		// a notification still in flight may drop the sentinel as it is stored: look it up until a second
		// look-up is served from the cache (once stored, every later look-up is, so compare with the first)
		awaitTrue(() -> {
			cache.activeRole(workspaceId, userId, sentinel);
			long stored = loads.get();
			cache.activeRole(workspaceId, userId, sentinel);
			return loads.get() == stored;
		}, SERVING_LIMIT, "the sentinel stored");
		loads.set(1);
		jdbc(database).sql("SELECT pg_notify(?, ?)")
			.params(MembershipChangeListener.CHANNEL, workspaceId + ":" + userId)
			.query()
			.listOfRows();
		awaitTrue(() -> {
			cache.activeRole(workspaceId, userId, sentinel);
			return loads.get() > 1;
		}, SERVING_LIMIT, "the sentinel notification applied");
	}

	/** Connections taken by one check. */
	private long connectionsFor(WorkspaceService workspaces, Member member) {
		long before = this.hostDataSource.connections();
		assertThat(workspaces.activeRole(member.workspaceId(), member.userId())).isPresent();
		return this.hostDataSource.connections() - before;
	}

	private static Member member(ApplicationContext context, MembershipRole role) {
		UUID userId = UUID.randomUUID();
		String suffix = userId.toString().substring(0, 12);
		assertThat(context.getBean(UserStore.class)
			.insert(userId, "member-" + suffix + "@example.test", "not-a-password-hash", true, Instant.now())).isTrue();
		WorkspaceService workspaces = context.getBean(WorkspaceService.class);
		Workspace workspace = workspaces.createWorkspace("Workspace " + suffix, "ws-" + suffix, CLIENT);
		workspaces.addMember(workspace.id(), userId, role, CLIENT);
		return new Member(workspace.id(), userId);
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String reason) {
		assertThat(context).hasFailed();
		List<String> messages = messages(context.getStartupFailure());
		assertThat(messages).anySatisfy((message) -> assertThat(message).contains(property).contains(reason));
		assertThat(String.join("\n", messages)).doesNotContain(ACCESS_SECRET, REFRESH_SECRET, HASH_SECRET);
	}

	static void awaitTrue(BooleanSupplier condition, Duration limit, String what) {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - start > limit.toNanos()) {
				fail("Not true after " + limit.toMillis() + " ms: " + what);
			}
			sleep(20);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Member(UUID workspaceId, UUID userId) {
	}

	/**
	 * A host-defined listener that is connected, so the cache serves, but to another database, so it never
	 * hears this database's notifications.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DeafListenerConfiguration {

		MembershipChangeListener listener;

		@Bean(destroyMethod = "close")
		MembershipChangeListener deafMembershipChangeListener(MembershipCache cache, TestDatabase elsewhere) {
			this.listener = new MembershipChangeListener(() -> elsewhere.dataSource().getConnection(), cache);
			this.listener.start();
			return this.listener;
		}

	}

	/** A clock the test moves. */
	private static final class SettableClock extends Clock {

		private final AtomicReference<Instant> now;

		SettableClock(Instant start) {
			this.now = new AtomicReference<>(start);
		}

		void advance(Duration duration) {
			this.now.updateAndGet((current) -> current.plus(duration));
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("always UTC");
		}

	}

	/**
	 * The host's pool behind a wrapper that counts the connections it hands out and is not
	 * {@link AutoCloseable}, so closing a test context leaves the pool open for the next test.
	 */
	private static final class CountingDataSource extends DelegatingDataSource {

		private final AtomicLong connections = new AtomicLong();

		CountingDataSource(DataSource target) {
			super(target);
		}

		long connections() {
			return this.connections.get();
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.connections.incrementAndGet();
			return super.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			this.connections.incrementAndGet();
			return super.getConnection(username, password);
		}

	}

}
