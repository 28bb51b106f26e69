package dev.systemauth.core.tenant;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.systemauth.core.MutableClock;
import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.migrations.AuthMigrations;
import dev.systemauth.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Several "instances" of the library on one migrated PostgreSQL database, each with its own pool wrapper,
 * {@link MembershipCache}, {@link MembershipChangeListener}, {@link WorkspaceService} and {@link UserStore},
 * as separate application nodes would have. Every instance's pool counts the connections it hands out, so a
 * test can tell a check served from the cache (no connection) from one that went to the database.
 * <p>
 * Create one per test class, {@link #closeInstances()} after each test and {@link #close()} at the end.
 */
final class MembershipCacheFixture implements AutoCloseable {

	static final String SCHEMA = "auth";

	static final ClientInfo CLIENT = new ClientInfo("203.0.113.10", "JUnit");

	/** Long enough that no entry expires during a test unless the test moves the clock. */
	static final Duration TTL = Duration.ofHours(1);

	static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	/** What the library promises for another instance (and for a change made outside the library). */
	static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(1);

	private static final long POLL_MILLIS = 20;

	private static final Duration GIVE_UP = Duration.ofSeconds(5);

	private final TestDatabase testDatabase;

	private final JdbcTemplate sql;

	private final AuthDatabase setupDatabase;

	private final WorkspaceService setupWorkspaces;

	private final UserStore setupAccounts;

	private final List<Instance> instances = new CopyOnWriteArrayList<>();

	private final List<String> propagations = new CopyOnWriteArrayList<>();

	private final List<Long> propagationMillis = new CopyOnWriteArrayList<>();

	private MembershipCacheFixture(TestDatabase testDatabase) {
		this.testDatabase = testDatabase;
		this.sql = new JdbcTemplate(testDatabase.dataSource());
		this.setupDatabase = new AuthDatabase(testDatabase.dataSource(), SCHEMA);
		this.setupWorkspaces = new WorkspaceService(this.setupDatabase, new AuditLog(this.setupDatabase),
				new MutableClock(START));
		this.setupAccounts = new JdbcUserStore(this.setupDatabase);
	}

	/** A fresh, migrated database of its own. */
	static MembershipCacheFixture create() {
		TestDatabase database = TestDatabase.create();
		try {
			new AuthMigrations(database.dataSource(), SCHEMA).migrate();
			return new MembershipCacheFixture(database);
		}
		catch (RuntimeException ex) {
			database.drop();
			throw ex;
		}
	}

	TestDatabase testDatabase() {
		return this.testDatabase;
	}

	/** Plain SQL on the database, outside the library (as an admin script would write). */
	JdbcTemplate sql() {
		return this.sql;
	}

	/** An instance whose listener is connected, returned once its cache serves (at most 5 s). */
	Instance listening(String name) {
		Instance instance = new Instance(this, name, true);
		this.instances.add(instance);
		instance.listener.start();
		instance.awaitServing();
		return instance;
	}

	/** An instance whose listener the test starts itself (after routing or gating its connection). */
	Instance notStarted(String name) {
		Instance instance = new Instance(this, name, true);
		this.instances.add(instance);
		return instance;
	}

	/**
	 * An instance whose cache serves but hears no notification at all (no listener), so whatever it refuses
	 * can only come from its own invalidation or from the database.
	 */
	Instance deaf(String name) {
		Instance instance = new Instance(this, name, false);
		this.instances.add(instance);
		instance.cache.serve(true);
		return instance;
	}

	/** A new user, a new workspace and an active membership with the role, written without any cache. */
	Member member(MembershipRole role) {
		UUID userId = UUID.randomUUID();
		String suffix = userId.toString().substring(0, 12);
		assertThat(this.setupAccounts.insert(userId, "member-" + suffix + "@example.test", "not-a-password-hash", true, START))
			.isTrue();
		Workspace workspace = this.setupWorkspaces.createWorkspace("Workspace " + suffix, "ws-" + suffix, CLIENT);
		this.setupWorkspaces.addMember(workspace.id(), userId, role, CLIENT);
		return new Member(workspace.id(), userId);
	}

	/** A new workspace where an existing user is an active member with the role, written without any cache. */
	Member memberElsewhere(UUID userId, MembershipRole role) {
		String suffix = UUID.randomUUID().toString().substring(0, 12);
		Workspace workspace = this.setupWorkspaces.createWorkspace("Workspace " + suffix, "ws-" + suffix, CLIENT);
		this.setupWorkspaces.addMember(workspace.id(), userId, role, CLIENT);
		return new Member(workspace.id(), userId);
	}

	/**
	 * Waits until every notification committed so far has been applied by every listening instance: each
	 * caches a sentinel entry, one {@code pg_notify} for it is committed, and PostgreSQL delivers
	 * notifications in commit order, so once the sentinel is dropped everywhere, so is everything before it.
	 */
	void awaitNotificationsApplied() {
		UUID workspaceId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		List<Instance> listening = this.instances.stream().filter(Instance::isListening).toList();
		List<AtomicInteger> loads = new ArrayList<>();
		for (Instance instance : listening) {
			assertThat(instance.cache.isServing()).as("%s serving", instance.name).isTrue();
			AtomicInteger count = new AtomicInteger();
			loads.add(count);
			// a notification still in flight may drop the sentinel as it is stored: look it up until a second
			// look-up is served from the cache (once stored, every later look-up is, so compare with the first)
			awaitTrue(() -> {
				instance.cache.activeRole(workspaceId, userId, sentinel(count));
				int stored = count.get();
				instance.cache.activeRole(workspaceId, userId, sentinel(count));
				return count.get() == stored;
			}, GIVE_UP, instance.name + " stored the sentinel");
			count.set(1);
		}
		this.sql.queryForList("SELECT pg_notify(?, ?)", MembershipChangeListener.CHANNEL, workspaceId + ":" + userId);
		for (int i = 0; i < listening.size(); i++) {
			Instance instance = listening.get(i);
			AtomicInteger count = loads.get(i);
			awaitTrue(() -> {
				instance.cache.activeRole(workspaceId, userId, sentinel(count));
				return count.get() > 1;
			}, GIVE_UP, instance.name + " applied the sentinel notification");
		}
	}

	private static Supplier<Optional<MembershipRole>> sentinel(AtomicInteger count) {
		return () -> {
			count.incrementAndGet();
			return Optional.of(MembershipRole.MEMBER);
		};
	}

	/**
	 * Polls every 20 ms (for at most 5 s) until each instance refuses the membership, records how long
	 * after {@code sinceNanos} each did, and asserts that it was within {@link #PROPAGATION_LIMIT}.
	 */
	void assertRefusedWithinOneSecond(String label, long sinceNanos, Member member, Instance... instances) {
		assertWithinOneSecond(label, sinceNanos, instances,
				(instance) -> instance.workspaces.activeRole(member.workspaceId(), member.userId()).isEmpty());
	}

	/** As {@link #assertRefusedWithinOneSecond} for the check returning the given role. */
	void assertRoleWithinOneSecond(String label, long sinceNanos, Member member, MembershipRole role,
			Instance... instances) {
		assertWithinOneSecond(label, sinceNanos, instances, (instance) -> instance.workspaces
			.activeRole(member.workspaceId(), member.userId())
			.equals(Optional.of(role)));
	}

	private void assertWithinOneSecond(String label, long sinceNanos, Instance[] instances, Check check) {
		long[] seen = new long[instances.length];
		Arrays.fill(seen, -1);
		int remaining = instances.length;
		while (remaining > 0) {
			for (int i = 0; i < instances.length; i++) {
				if (seen[i] < 0 && check.holds(instances[i])) {
					seen[i] = millisSince(sinceNanos);
					remaining--;
				}
			}
			if (remaining > 0) {
				if (millisSince(sinceNanos) > GIVE_UP.toMillis()) {
					break;
				}
				sleep(POLL_MILLIS);
			}
		}
		for (int i = 0; i < instances.length; i++) {
			String what = label + " on " + instances[i].name;
			assertThat(seen[i]).as("%s: still not seen after %d ms", what, GIVE_UP.toMillis()).isNotNegative();
			this.propagations.add(what + ": " + seen[i] + " ms");
			this.propagationMillis.add(seen[i]);
			assertThat(seen[i]).as("%s: milliseconds until seen", what).isLessThan(PROPAGATION_LIMIT.toMillis());
		}
	}

	static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	static void awaitTrue(BooleanSupplier condition, Duration limit, String what) {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (millisSince(start) > limit.toMillis()) {
				fail("Not true after " + limit.toMillis() + " ms: " + what);
			}
			sleep(POLL_MILLIS);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The backends (pids) of this database whose application name is given. */
	List<Integer> backends(String applicationName) {
		return this.sql.queryForList("""
				SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?""",
				Integer.class, applicationName);
	}

	/** Propagation times measured so far, one line each, with the maximum and the median. */
	String propagationSummary() {
		List<Long> sorted = this.propagationMillis.stream().sorted().toList();
		if (sorted.isEmpty()) {
			return "no propagation measured";
		}
		return String.join("\n", this.propagations) + "\nn=" + sorted.size() + " max=" + sorted.get(sorted.size() - 1)
				+ " ms median=" + sorted.get(sorted.size() / 2) + " ms";
	}

	/** Closes every instance's listener. */
	void closeInstances() {
		for (Instance instance : this.instances) {
			instance.listener.close();
		}
		this.instances.clear();
	}

	@Override
	public void close() {
		closeInstances();
		this.testDatabase.drop();
	}

	@FunctionalInterface
	private interface Check {

		boolean holds(Instance instance);

	}

	record Member(UUID workspaceId, UUID userId) {
	}

	/** One application node: its own pool wrapper, cache, listener and services on the shared database. */
	static final class Instance {

		final String name;

		final String applicationName;

		final CountingDataSource dataSource;

		final AuthDatabase database;

		final MutableClock clock = new MutableClock(START);

		final MembershipCache cache;

		final MembershipChangeListener listener;

		final WorkspaceService workspaces;

		final UserStore accounts;

		/** Where the listener connects; a test may route it through a relay before starting the listener. */
		volatile String listenerJdbcUrl;

		/** When set, runs on the listener's connection just before its {@code LISTEN} statement. */
		volatile Runnable beforeListen;

		/** The autocommit of the listener's connection: off, as some pools hand out, LISTEN silently does nothing. */
		volatile boolean listenerAutoCommit = true;

		/** While false, the listener cannot (re)connect, as when the database is unreachable. */
		volatile boolean listenerCanConnect = true;

		final AtomicInteger listenerConnections = new AtomicInteger();

		private final boolean listening;

		private Instance(MembershipCacheFixture fixture, String name, boolean listening) {
			this.name = name;
			this.listening = listening;
			this.applicationName = "membership-listener-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
			this.dataSource = new CountingDataSource(fixture.testDatabase.dataSource());
			this.database = new AuthDatabase(this.dataSource, SCHEMA);
			this.cache = new MembershipCache(TTL, 10_000, this.clock);
			TestDatabase testDatabase = fixture.testDatabase;
			this.listenerJdbcUrl = testDatabase.jdbcUrl();
			this.listener = new MembershipChangeListener(() -> {
				if (!this.listenerCanConnect) {
					throw new SQLException("database unreachable (test)");
				}
				this.listenerConnections.incrementAndGet();
				Connection connection = connect(testDatabase, this.listenerJdbcUrl, this.applicationName);
				connection.setAutoCommit(this.listenerAutoCommit);
				Runnable hook = this.beforeListen;
				return (hook != null) ? beforeListen(connection, hook) : connection;
			}, this.cache);
			this.workspaces = new WorkspaceService(this.database, new AuditLog(this.database), this.clock, this.cache);
			this.accounts = new JdbcUserStore(this.database, this.cache);
		}

		boolean isListening() {
			return this.listening;
		}

		void awaitServing() {
			awaitTrue(this.cache::isServing, GIVE_UP, this.name + " serving");
		}

		/**
		 * Asserts the check returns the role without taking a connection, i.e. from the cache.
		 */
		void assertServedFromCache(Member member, MembershipRole role) {
			long before = this.dataSource.connections();
			assertThat(this.workspaces.activeRole(member.workspaceId(), member.userId())).as("%s role", this.name)
				.contains(role);
			assertThat(this.dataSource.connections() - before).as("%s connections for a cached check", this.name)
				.isZero();
		}

		/** Loads the check once (through the database) and asserts that the next one is served from the cache. */
		void cache(Member member, MembershipRole role) {
			assertThat(this.workspaces.activeRole(member.workspaceId(), member.userId())).as("%s role", this.name)
				.contains(role);
			assertServedFromCache(member, role);
		}

	}

	/** The connection, whose statements run the hook just before a {@code LISTEN}. */
	private static Connection beforeListen(Connection connection, Runnable hook) {
		return (Connection) Proxy.newProxyInstance(MembershipCacheFixture.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					Object result = invoke(connection, method, args);
					if (result instanceof Statement statement) {
						return Proxy.newProxyInstance(MembershipCacheFixture.class.getClassLoader(),
								new Class<?>[] { Statement.class }, (statementProxy, statementMethod, statementArgs) -> {
									if (statementMethod.getName().startsWith("execute") && statementArgs != null
											&& statementArgs[0] instanceof String sql && sql.startsWith("LISTEN")) {
										hook.run();
									}
									return invoke(statement, statementMethod, statementArgs);
								});
					}
					return result;
				});
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** The listener's dedicated connection, outside any pool, named so that a test can find its backend. */
	static Connection connect(TestDatabase database, String jdbcUrl, String applicationName) throws SQLException {
		Properties info = new Properties();
		info.setProperty("user", database.username());
		if (database.password() != null) {
			info.setProperty("password", database.password());
		}
		info.setProperty("ApplicationName", applicationName);
		return DriverManager.getConnection(jdbcUrl, info);
	}

	private record StatementHook(String sqlContaining, Runnable action) {
	}

	/** A pool wrapper that counts the connections handed out: every query outside a transaction takes one. */
	static final class CountingDataSource extends DelegatingDataSource {

		private final AtomicLong connections = new AtomicLong();

		private final AtomicReference<Runnable> beforeNextCommit = new AtomicReference<>();

		private final AtomicReference<StatementHook> beforeNextStatement = new AtomicReference<>();

		CountingDataSource(DataSource target) {
			super(target);
		}

		long connections() {
			return this.connections.get();
		}

		/**
		 * Runs the action when the next transaction on a connection of this pool is about to commit: its writes
		 * are done and not yet visible to other connections.
		 */
		void beforeNextCommit(Runnable action) {
			this.beforeNextCommit.set(action);
		}

		/**
		 * Runs the action when a statement whose SQL contains the text is next prepared on a connection of this
		 * pool, before it runs.
		 */
		void beforeNextStatement(String sqlContaining, Runnable action) {
			this.beforeNextStatement.set(new StatementHook(sqlContaining, action));
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.connections.incrementAndGet();
			return hooked(super.getConnection());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			this.connections.incrementAndGet();
			return hooked(super.getConnection(username, password));
		}

		private Connection hooked(Connection connection) {
			if (this.beforeNextCommit.get() == null && this.beforeNextStatement.get() == null) {
				return connection;
			}
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						if (method.getName().equals("commit")) {
							Runnable action = this.beforeNextCommit.getAndSet(null);
							if (action != null) {
								action.run();
							}
						}
						if (method.getName().equals("prepareStatement")) {
							StatementHook hook = this.beforeNextStatement.get();
							if (hook != null && ((String) args[0]).contains(hook.sqlContaining())
									&& this.beforeNextStatement.compareAndSet(hook, null)) {
								hook.action().run();
							}
						}
						try {
							return method.invoke(connection, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
