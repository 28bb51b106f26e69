package dev.systemauth.core.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.MutableClock;
import dev.systemauth.core.tenant.MembershipCacheFixture.Instance;
import dev.systemauth.core.tenant.MembershipCacheFixture.Member;

import static dev.systemauth.core.tenant.MembershipCacheFixture.awaitTrue;
import static dev.systemauth.core.tenant.MembershipCacheFixture.millisSince;
import static dev.systemauth.core.tenant.MembershipCacheFixture.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The listener's connection on a real PostgreSQL: the cache serves only while it is connected, stops at once
 * when it is closed or lost, never serves what changed while it was away, reconnects on its own, and lets go
 * of its connection when closed.
 */
class MembershipChangeListenerTests {

	private static MembershipCacheFixture fixture;

	private Relay relay;

	@BeforeAll
	static void createDatabase() {
		fixture = MembershipCacheFixture.create();
	}

	@AfterAll
	static void dropDatabase() {
		System.out.println("Membership change propagation (MembershipChangeListenerTests):\n"
				+ fixture.propagationSummary());
		fixture.close();
	}

	@AfterEach
	void closeInstances() throws IOException {
		fixture.closeInstances();
		if (this.relay != null) {
			this.relay.close();
		}
	}

	@Test
	void startWhenConnectedThenServesOnOneDedicatedListeningConnection() {
		Instance instance = fixture.listening("started");
		assertThat(fixture.backends(instance.applicationName)).hasSize(1);
		assertThat(instance.listenerConnections).hasValue(1);
		assertThat(fixture.sql()
			.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query LIKE ?",
					Integer.class, instance.applicationName, "%" + MembershipChangeListener.CHANNEL + "%"))
			.as("the dedicated connection listens on the channel")
			.isOne();
	}

	@Test
	void startWhenDatabaseUnreachableThenNeverServesUntilItConnects() {
		Instance instance = fixture.notStarted("unreachable");
		instance.listenerCanConnect = false;
		instance.listener.start();
		Member member = fixture.member(MembershipRole.ADMIN);
		long started = System.nanoTime();
		long before = instance.dataSource.connections();
		int checks = 0;
		while (millisSince(started) < 1000) {
			assertThat(instance.cache.isServing()).as("serving without a listening connection").isFalse();
			assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId()))
				.contains(MembershipRole.ADMIN);
			checks++;
			sleep(20);
		}
		assertThat(instance.dataSource.connections() - before).as("connections for %d checks", checks)
			.isEqualTo(checks);
		instance.listenerCanConnect = true;
		instance.awaitServing();
		instance.cache(member, MembershipRole.ADMIN);
	}

	@Test
	void startWhenMembershipChangesBeforeListenTakesEffectThenNothingStaleIsServed() {
		Member member = fixture.member(MembershipRole.ADMIN);
		Instance instance = fixture.notStarted("late-listen");
		instance.beforeListen = () -> {
			// a request checks, then the member is removed elsewhere, before this instance listens
			assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId()))
				.contains(MembershipRole.ADMIN);
			fixture.sql()
				.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
						member.workspaceId(), member.userId());
			instance.beforeListen = null;
		};
		instance.listener.start();
		instance.awaitServing();
		assertThat(instance.beforeListen).as("the hook ran").isNull();
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void closeThenStopsServingReleasesItsConnectionAndNeverReconnects() {
		Instance instance = fixture.listening("closed");
		assertThat(fixture.backends(instance.applicationName)).hasSize(1);
		instance.listener.close();
		assertThat(instance.cache.isServing()).isFalse();
		awaitTrue(() -> fixture.backends(instance.applicationName).isEmpty(), Duration.ofSeconds(2),
				"the closed listener's connection is gone");
		long closed = System.nanoTime();
		while (millisSince(closed) < 1500) {
			assertThat(instance.cache.isServing()).as("serving after close").isFalse();
			sleep(20);
		}
		assertThat(instance.listenerConnections).as("connections opened, including after close").hasValue(1);
		assertThat(fixture.backends(instance.applicationName)).isEmpty();
	}

	@Test
	void connectionWhenTerminatedThenStopsServingNothingStaleIsServedAndItReconnects() {
		Instance instance = fixture.listening("terminated");
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		instance.cache(member, MembershipRole.ADMIN);
		instance.listenerCanConnect = false;
		List<Integer> pids = fixture.backends(instance.applicationName);
		assertThat(pids).hasSize(1);
		fixture.sql().queryForList("SELECT pg_terminate_backend(?)", pids.get(0));
		long terminated = System.nanoTime();
		awaitTrue(() -> !instance.cache.isServing(), Duration.ofSeconds(2), "not serving once the connection is lost");
		System.out.println("Listener connection terminated: not serving after " + millisSince(terminated) + " ms");
		// while away: every check goes to the database, so a change it cannot hear of is seen at once
		long before = instance.dataSource.connections();
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.ADMIN);
		assertThat(instance.dataSource.connections() - before).as("connections for a check while away").isOne();
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'active' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.ADMIN);
		// back: it reconnects by itself and notifications work again
		instance.listenerCanConnect = true;
		instance.awaitServing();
		assertThat(instance.listenerConnections).as("connections opened").hasValue(2);
		fixture.awaitNotificationsApplied();
		instance.cache(member, MembershipRole.ADMIN);
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		fixture.assertRefusedWithinOneSecond("membership removed by plain SQL after a reconnect", System.nanoTime(),
				member, instance);
	}

	@Test
	void connectionWhenSilentlyDeadThenStopsServingWithinSeconds() throws IOException {
		this.relay = Relay.to(fixture.testDatabase().jdbcUrl());
		Instance instance = fixture.notStarted("silent");
		// as the autoconfiguration does: a socket timeout makes a silent peer fail the liveness check
		String relayed = this.relay.jdbcUrl(fixture.testDatabase().jdbcUrl());
		instance.listenerJdbcUrl = relayed + (relayed.contains("?") ? "&" : "?") + "socketTimeout=3";
		instance.listener.start();
		instance.awaitServing();
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		instance.cache(member, MembershipRole.ADMIN);
		this.relay.freeze();
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		long removed = System.nanoTime();
		// the listener checks its connection every second; the 3 s socket timeout ends a blocked check
		awaitTrue(() -> instance.workspaces.activeRole(member.workspaceId(), member.userId()).isEmpty(),
				Duration.ofSeconds(8), "refused although the listening connection went silent");
		System.out.println("Silent listener connection: refused after " + millisSince(removed) + " ms");
	}

	/**
	 * Issue 10 item 9: on a connection with autocommit off, LISTEN never takes effect, yet the connection
	 * answers every query. A liveness check that only queries would start serving and keep a member removed
	 * elsewhere in service; the self-notification never comes back, so the cache never serves.
	 */
	@Test
	void listenerWhenAutocommitOffThenCacheNeverServes() {
		Instance instance = fixture.notStarted("autocommit-off");
		instance.listenerAutoCommit = false;
		instance.listener.start();
		Member member = fixture.member(MembershipRole.ADMIN);
		long started = System.nanoTime();
		while (millisSince(started) < 4000) {
			assertThat(instance.cache.isServing()).as("serving while notifications cannot arrive").isFalse();
			sleep(50);
		}
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		instance.listenerAutoCommit = true;
	}

	/** Every instance pings on the shared channel; another instance's pings must not empty this one's cache. */
	@Test
	void listenerWhenOtherInstancesPingThenEntriesKept() {
		Member member = fixture.member(MembershipRole.MEMBER);
		Instance one = fixture.listening("pinged-one");
		Instance two = fixture.listening("pinged-two");
		// serving means a ping came back, so the member's own notification, sent before, has arrived too
		one.cache(member, MembershipRole.MEMBER);
		sleep(2500);
		assertThat(two.cache.isServing()).isTrue();
		one.assertServedFromCache(member, MembershipRole.MEMBER);
	}

	@Test
	void constructorWhenArgumentMissingThenRejectedNamingIt() {
		MembershipCache cache = new MembershipCache(Duration.ofSeconds(1), 1, new MutableClock(Instant.EPOCH));
		assertThatNullPointerException().isThrownBy(() -> new MembershipChangeListener(null, cache))
			.withMessageContaining("connections");
		assertThatNullPointerException().isThrownBy(() -> new MembershipChangeListener(() -> null, null))
			.withMessageContaining("cache");
	}

	/**
	 * A TCP relay to the PostgreSQL server that can stop relaying without closing anything, as a network path
	 * that drops packets (or a peer that vanished without a reset) looks to the client.
	 */
	static final class Relay implements AutoCloseable {

		private final ServerSocket server;

		private final String host;

		private final int port;

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		private volatile boolean frozen;

		private volatile boolean closed;

		private Relay(String host, int port) throws IOException {
			this.host = host;
			this.port = port;
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::accept, "membership-test-relay");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		static Relay to(String jdbcUrl) throws IOException {
			URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
			return new Relay(uri.getHost(), uri.getPort());
		}

		/** The same URL with the relay as host and port. */
		String jdbcUrl(String jdbcUrl) {
			URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
			String authority = uri.getHost() + ":" + uri.getPort();
			return jdbcUrl.replace(authority, "127.0.0.1:" + this.server.getLocalPort());
		}

		/** From now on, bytes are read and kept, never delivered, in both directions. */
		void freeze() {
			this.frozen = true;
		}

		private void accept() {
			while (!this.closed) {
				try {
					Socket client = this.server.accept();
					Socket upstream = new Socket();
					upstream.connect(new InetSocketAddress(this.host, this.port), 5000);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		private void pump(Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					int read;
					while ((read = in.read(buffer)) >= 0) {
						while (this.frozen && !this.closed) {
							Thread.sleep(10);
						}
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					// closed
				}
			}, "membership-test-relay-pump");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() throws IOException {
			this.closed = true;
			this.server.close();
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
