package dev.systemauth.core.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.tenant.MembershipCacheFixture.Instance;
import dev.systemauth.core.tenant.MembershipCacheFixture.Member;

import static dev.systemauth.core.tenant.MembershipCacheFixture.CLIENT;
import static dev.systemauth.core.tenant.MembershipCacheFixture.awaitTrue;
import static dev.systemauth.core.tenant.MembershipCacheFixture.millisSince;
import static dev.systemauth.core.tenant.MembershipCacheFixture.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The membership cache on two instances of the library sharing one PostgreSQL database, each with its own
 * cache and listener: steady state costs no connection, a change is refused at once on the instance that
 * made it and within a second on the other, whatever wrote the row, and nothing is served once the listener
 * is gone. Propagation times are printed when the class ends.
 */
class MembershipCacheTests {

	private static MembershipCacheFixture fixture;

	private Instance a;

	private Instance b;

	@BeforeAll
	static void createDatabase() {
		fixture = MembershipCacheFixture.create();
	}

	@AfterAll
	static void dropDatabase() {
		System.out.println("Membership change propagation (MembershipCacheTests):\n" + fixture.propagationSummary());
		fixture.close();
	}

	@BeforeEach
	void startInstances() {
		this.a = fixture.listening("a");
		this.b = fixture.listening("b");
	}

	@AfterEach
	void stopInstances() {
		fixture.closeInstances();
	}

	@Test
	void activeRoleWhenCachedThenThousandMoreChecksTakeNoConnection() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		long beforeFirst = this.a.dataSource.connections();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
		assertThat(this.a.dataSource.connections() - beforeFirst).as("connections for the first check").isOne();
		long cached = this.a.dataSource.connections();
		for (int i = 0; i < 1000; i++) {
			if (!this.a.workspaces.activeRole(member.workspaceId(), member.userId())
				.equals(Optional.of(MembershipRole.ADMIN))) {
				fail("check " + i + " did not return the role");
			}
		}
		long made = this.a.dataSource.connections() - cached;
		assertThat(made / 1000.0).as("connections per cached check").isLessThanOrEqualTo(0.01);
		assertThat(made).as("connections for 1000 cached checks").isZero();
		// control: the same pool wrapper counts one connection per check when no cache is used
		WorkspaceService uncached = new WorkspaceService(this.a.database, new AuditLog(this.a.database), this.a.clock);
		long beforeUncached = this.a.dataSource.connections();
		for (int i = 0; i < 10; i++) {
			assertThat(uncached.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
		}
		assertThat(this.a.dataSource.connections() - beforeUncached).as("connections for 10 uncached checks")
			.isEqualTo(10);
	}

	@Test
	void activeRoleWhenRemovedOnSameInstanceThenRefusedAtOnce() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		assertThat(this.a.workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void activeRoleWhenRemovedOnOtherInstanceThenRefusedWithinOneSecond() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.b.cache(member, MembershipRole.ADMIN);
		assertThat(this.a.workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		long removed = System.nanoTime();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		fixture.assertRefusedWithinOneSecond("removeMember on a", removed, member, this.b);
	}

	@Test
	void activeRoleWhenSuspendedOnOtherInstanceThenRefusedWithinOneSecond() {
		Member member = fixture.member(MembershipRole.MEMBER);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.MEMBER);
		this.b.cache(member, MembershipRole.MEMBER);
		assertThat(this.b.workspaces.suspendMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		long suspended = System.nanoTime();
		assertThat(this.b.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		fixture.assertRefusedWithinOneSecond("suspendMember on b", suspended, member, this.a);
	}

	@Test
	void activeRoleWhenMembershipSuspendedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.b.cache(member, MembershipRole.ADMIN);
		int updated = fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		assertThat(updated).isOne();
		long suspended = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("membership suspended by plain SQL", suspended, member, this.a, this.b);
	}

	@Test
	void activeRoleWhenRoleLoweredOnOtherInstanceThenNewRoleWithinOneSecond() {
		Member member = fixture.member(MembershipRole.OWNER);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.OWNER);
		this.b.cache(member, MembershipRole.OWNER);
		this.a.workspaces.addMember(member.workspaceId(), member.userId(), MembershipRole.MEMBER, CLIENT);
		long lowered = System.nanoTime();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.MEMBER);
		fixture.assertRoleWithinOneSecond("role lowered by addMember on a", lowered, member, MembershipRole.MEMBER,
				this.b);
	}

	@Test
	void activeRoleWhenUserSuspendedThroughAccountStoreThenRefusedAtOnceOnSameInstanceAndWithinOneSecondOnOther() {
		Member first = fixture.member(MembershipRole.ADMIN);
		Member second = fixture.memberElsewhere(first.userId(), MembershipRole.MEMBER);
		Member bystander = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		for (Instance instance : List.of(this.a, this.b)) {
			instance.cache(first, MembershipRole.ADMIN);
			instance.cache(second, MembershipRole.MEMBER);
			instance.cache(bystander, MembershipRole.ADMIN);
		}
		assertThat(this.a.accounts.updateStatus(first.userId(), UserStatus.SUSPENDED, MembershipCacheFixture.START)).isTrue();
		long suspended = System.nanoTime();
		assertThat(this.a.workspaces.activeRole(first.workspaceId(), first.userId())).isEmpty();
		assertThat(this.a.workspaces.activeRole(second.workspaceId(), second.userId())).isEmpty();
		fixture.assertRefusedWithinOneSecond("user suspended through UserStore on a (first workspace)", suspended,
				first, this.b);
		fixture.assertRefusedWithinOneSecond("user suspended through UserStore on a (second workspace)", suspended,
				second, this.b);
		this.a.assertServedFromCache(bystander, MembershipRole.ADMIN);
		this.b.assertServedFromCache(bystander, MembershipRole.ADMIN);
	}

	@Test
	void activeRoleWhenUserSuspendedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member first = fixture.member(MembershipRole.ADMIN);
		Member second = fixture.memberElsewhere(first.userId(), MembershipRole.OWNER);
		fixture.awaitNotificationsApplied();
		for (Instance instance : List.of(this.a, this.b)) {
			instance.cache(first, MembershipRole.ADMIN);
			instance.cache(second, MembershipRole.OWNER);
		}
		assertThat(fixture.sql().update("UPDATE auth.users SET status = 'suspended' WHERE id = ?", first.userId()))
			.isOne();
		long suspended = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("user suspended by plain SQL (first workspace)", suspended, first, this.a,
				this.b);
		fixture.assertRefusedWithinOneSecond("user suspended by plain SQL (second workspace)", suspended, second,
				this.a, this.b);
	}

	@Test
	void activeRoleWhenMembershipDeletedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.b.cache(member, MembershipRole.ADMIN);
		assertThat(fixture.sql()
			.update("DELETE FROM auth.workspace_members WHERE workspace_id = ? AND user_id = ?", member.workspaceId(),
					member.userId()))
			.isOne();
		long deleted = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("membership row deleted by plain SQL", deleted, member, this.a, this.b);
	}

	@Test
	void activeRoleWhenWorkspaceDeletedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member member = fixture.member(MembershipRole.OWNER);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.OWNER);
		this.b.cache(member, MembershipRole.OWNER);
		assertThat(fixture.sql().update("DELETE FROM auth.workspaces WHERE id = ?", member.workspaceId())).isOne();
		long deleted = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("workspace deleted by plain SQL (cascade)", deleted, member, this.a,
				this.b);
	}

	@Test
	void activeRoleWhenUserDeletedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member member = fixture.member(MembershipRole.MEMBER);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.MEMBER);
		this.b.cache(member, MembershipRole.MEMBER);
		assertThat(fixture.sql().update("DELETE FROM auth.users WHERE id = ?", member.userId())).isOne();
		long deleted = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("user deleted by plain SQL", deleted, member, this.a, this.b);
	}

	@Test
	void activeRoleWhenMembershipsTruncatedByPlainSqlThenBothInstancesRefuseWithinOneSecond() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.b.cache(member, MembershipRole.ADMIN);
		fixture.sql().execute("TRUNCATE auth.workspace_members");
		long truncated = System.nanoTime();
		fixture.assertRefusedWithinOneSecond("memberships truncated by plain SQL", truncated, member, this.a, this.b);
	}

	@Test
	void activeRoleWhenListenerClosedThenNotServingAndEveryCheckQueriesDatabase() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.a.listener.close();
		assertThat(this.a.cache.isServing()).isFalse();
		long before = this.a.dataSource.connections();
		for (int i = 0; i < 20; i++) {
			assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId()))
				.contains(MembershipRole.ADMIN);
		}
		assertThat(this.a.dataSource.connections() - before).as("connections for 20 checks without a listener")
			.isEqualTo(20);
		// a change nobody tells this instance about is seen at once: nothing stale is served
		assertThat(fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId()))
			.isOne();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		// and it does not come back: longer than the listener's first reconnection delay
		long closed = System.nanoTime();
		while (millisSince(closed) < 1200) {
			assertThat(this.a.cache.isServing()).as("serving %d ms after close", millisSince(closed)).isFalse();
			sleep(20);
		}
		awaitTrue(() -> fixture.backends(this.a.applicationName).isEmpty(), Duration.ofSeconds(2),
				"the closed listener's connection is gone");
		assertThat(this.b.cache.isServing()).as("the other instance is unaffected").isTrue();
	}

	@Test
	void activeRoleWhenMemberReactivatedThenActiveAgainAtOnceOnBothInstances() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		this.a.cache(member, MembershipRole.ADMIN);
		this.b.cache(member, MembershipRole.ADMIN);
		assertThat(this.a.workspaces.suspendMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		long suspended = System.nanoTime();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		fixture.assertRefusedWithinOneSecond("suspendMember on a", suspended, member, this.b);
		// a refusal is never cached: each check goes to the database
		for (Instance instance : List.of(this.a, this.b)) {
			long before = instance.dataSource.connections();
			assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
			assertThat(instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
			assertThat(instance.dataSource.connections() - before).as("%s connections for two refused checks",
					instance.name)
				.isEqualTo(2);
		}
		assertThat(this.a.workspaces.reactivateMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		assertThat(this.a.workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
		assertThat(this.b.workspaces.activeRole(member.workspaceId(), member.userId())).contains(MembershipRole.ADMIN);
	}

	@Test
	void activeRoleWhenInvalidatedDuringLoadThenNotStoredAndNextCheckLoadsAgain() {
		UUID workspaceId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		AtomicInteger loads = new AtomicInteger();
		Supplier<Optional<MembershipRole>> loader = () -> {
			if (loads.incrementAndGet() == 1) {
				this.a.cache.invalidate(workspaceId, userId);
			}
			return Optional.of(MembershipRole.ADMIN);
		};
		assertThat(this.a.cache.activeRole(workspaceId, userId, loader)).contains(MembershipRole.ADMIN);
		assertThat(this.a.cache.activeRole(workspaceId, userId, loader)).contains(MembershipRole.ADMIN);
		assertThat(loads).as("loads after a load that raced with an invalidation").hasValue(2);
		assertThat(this.a.cache.activeRole(workspaceId, userId, loader)).contains(MembershipRole.ADMIN);
		assertThat(loads).as("loads once a clean load was stored").hasValue(2);
	}

	@Test
	void activeRoleWhenUserInvalidatedDuringLoadThenNotStoredAndNextCheckLoadsAgain() {
		UUID workspaceId = UUID.randomUUID();
		UUID userId = UUID.randomUUID();
		AtomicInteger loads = new AtomicInteger();
		Supplier<Optional<MembershipRole>> loader = () -> {
			if (loads.incrementAndGet() == 1) {
				this.a.cache.invalidateUser(userId);
			}
			return Optional.of(MembershipRole.OWNER);
		};
		this.a.cache.activeRole(workspaceId, userId, loader);
		this.a.cache.activeRole(workspaceId, userId, loader);
		assertThat(loads).as("loads after a load that raced with a user invalidation").hasValue(2);
	}

	@Test
	void activeRoleWhenChangeNotifiedDuringLoadThenStaleLoadNotStored() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.awaitNotificationsApplied();
		AtomicInteger loads = new AtomicInteger();
		Supplier<Optional<MembershipRole>> loader = () -> {
			loads.incrementAndGet();
			Optional<MembershipRole> read = fixture.sql()
				.queryForList("""
						SELECT m.role FROM auth.workspace_members m JOIN auth.users u ON u.id = m.user_id
						WHERE m.workspace_id = ? AND m.user_id = ? AND m.status = 'active' AND u.status = 'active'""",
						String.class, member.workspaceId(), member.userId())
				.stream()
				.findFirst()
				.map(MembershipRole::of);
			if (loads.get() == 1) {
				// another node removes the member after this load read the row, and its notification arrives
				fixture.sql()
					.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
							member.workspaceId(), member.userId());
				fixture.awaitNotificationsApplied();
			}
			return read;
		};
		assertThat(this.a.cache.activeRole(member.workspaceId(), member.userId(), loader))
			.as("the stale answer of the raced load").contains(MembershipRole.ADMIN);
		assertThat(this.a.cache.activeRole(member.workspaceId(), member.userId(), loader)).isEmpty();
		assertThat(loads).hasValue(2);
	}

	@Test
	void notificationWhenMalformedThenEveryEntryDroppedOnEveryInstance() {
		Member first = fixture.member(MembershipRole.ADMIN);
		Member second = fixture.member(MembershipRole.MEMBER);
		fixture.awaitNotificationsApplied();
		for (Instance instance : List.of(this.a, this.b)) {
			instance.cache(first, MembershipRole.ADMIN);
			instance.cache(second, MembershipRole.MEMBER);
			assertThat(instance.cache.size()).isGreaterThanOrEqualTo(2);
		}
		fixture.sql().queryForList("SELECT pg_notify(?, ?)", MembershipChangeListener.CHANNEL, "not-a-membership");
		long notified = System.nanoTime();
		awaitTrue(() -> this.a.cache.size() == 0 && this.b.cache.size() == 0, Duration.ofSeconds(1),
				"both caches emptied by a malformed notification");
		assertThat(millisSince(notified)).isLessThan(1000);
		assertThat(this.a.cache.isServing()).isTrue();
		assertThat(this.b.cache.isServing()).isTrue();
	}

}
