package dev.systemauth.core.tenant;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.tenant.MembershipCacheFixture.Instance;
import dev.systemauth.core.tenant.MembershipCacheFixture.Member;

import static dev.systemauth.core.tenant.MembershipCacheFixture.CLIENT;
import static dev.systemauth.core.tenant.MembershipCacheFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the instance that makes a change does on its own, with no notification to help: the cache under test
 * serves but has no listener, so every refusal here comes from the instance's own invalidation (at once, and
 * again when a surrounding transaction commits) or from the database, never from {@code LISTEN/NOTIFY}.
 */
class MembershipCacheLocalInvalidationTests {

	private static MembershipCacheFixture fixture;

	private Instance instance;

	@BeforeAll
	static void createDatabase() {
		fixture = MembershipCacheFixture.create();
	}

	@AfterAll
	static void dropDatabase() {
		fixture.close();
	}

	@BeforeEach
	void createInstance() {
		this.instance = fixture.deaf("deaf");
	}

	@AfterEach
	void closeInstance() {
		fixture.closeInstances();
	}

	@Test
	void activeRoleWhenChangedElsewhereAndNoNotificationThenStillServedSoTheseTestsSeeOnlyLocalInvalidation() {
		Member member = fixture.member(MembershipRole.ADMIN);
		this.instance.cache(member, MembershipRole.ADMIN);
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'removed' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		this.instance.assertServedFromCache(member, MembershipRole.ADMIN);
	}

	@Test
	void activeRoleWhenRemovedOnSameInstanceWithoutNotificationThenRefusedAtOnce() {
		Member member = fixture.member(MembershipRole.ADMIN);
		this.instance.cache(member, MembershipRole.ADMIN);
		assertThat(this.instance.workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void activeRoleWhenSuspendedOnSameInstanceWithoutNotificationThenRefusedAtOnce() {
		Member member = fixture.member(MembershipRole.OWNER);
		this.instance.cache(member, MembershipRole.OWNER);
		assertThat(this.instance.workspaces.suspendMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void activeRoleWhenRoleChangedOnSameInstanceWithoutNotificationThenNewRoleAtOnce() {
		Member member = fixture.member(MembershipRole.OWNER);
		this.instance.cache(member, MembershipRole.OWNER);
		this.instance.workspaces.addMember(member.workspaceId(), member.userId(), MembershipRole.MEMBER, CLIENT);
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.MEMBER);
	}

	@Test
	void activeRoleWhenUserSuspendedOnSameInstanceWithoutNotificationThenRefusedAtOnceInEveryWorkspace() {
		Member first = fixture.member(MembershipRole.ADMIN);
		Member second = fixture.memberElsewhere(first.userId(), MembershipRole.MEMBER);
		Member bystander = fixture.member(MembershipRole.ADMIN);
		this.instance.cache(first, MembershipRole.ADMIN);
		this.instance.cache(second, MembershipRole.MEMBER);
		this.instance.cache(bystander, MembershipRole.ADMIN);
		assertThat(this.instance.accounts.updateStatus(first.userId(), UserStatus.SUSPENDED, START)).isTrue();
		assertThat(this.instance.workspaces.activeRole(first.workspaceId(), first.userId())).isEmpty();
		assertThat(this.instance.workspaces.activeRole(second.workspaceId(), second.userId())).isEmpty();
		this.instance.assertServedFromCache(bystander, MembershipRole.ADMIN);
	}

	@Test
	void activeRoleWhenRefusedThenNotCachedAndReactivationByPlainSqlSeenAtOnce() {
		Member member = fixture.member(MembershipRole.ADMIN);
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'suspended' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		long before = this.instance.dataSource.connections();
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
		assertThat(this.instance.dataSource.connections() - before).as("connections for two refused checks")
			.isEqualTo(2);
		fixture.sql()
			.update("UPDATE auth.workspace_members SET status = 'active' WHERE workspace_id = ? AND user_id = ?",
					member.workspaceId(), member.userId());
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.ADMIN);
	}

	@Test
	void removeMemberWhenInHostTransactionThenCheckLoadedBeforeCommitIsDroppedAtCommit() throws Exception {
		Member member = fixture.member(MembershipRole.ADMIN);
		hostTransaction().executeWithoutResult((status) -> {
			assertThat(this.instance.workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
			assertThat(concurrentCheck(member)).as("a check by another request before the commit")
				.contains(MembershipRole.ADMIN);
			assertThat(this.instance.cache.size()).as("entries stored before the commit").isOne();
		});
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void updateStatusWhenInHostTransactionThenCheckLoadedBeforeCommitIsDroppedAtCommit() throws Exception {
		Member member = fixture.member(MembershipRole.MEMBER);
		hostTransaction().executeWithoutResult((status) -> {
			assertThat(this.instance.accounts.updateStatus(member.userId(), UserStatus.SUSPENDED, START)).isTrue();
			assertThat(concurrentCheck(member)).as("a check by another request before the commit")
				.contains(MembershipRole.MEMBER);
			assertThat(this.instance.cache.size()).as("entries stored before the commit").isOne();
		});
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void addMemberWhenRoleLoweredInHostTransactionThenCheckLoadedBeforeCommitIsDroppedAtCommit() throws Exception {
		Member member = fixture.member(MembershipRole.OWNER);
		hostTransaction().executeWithoutResult((status) -> {
			this.instance.workspaces.addMember(member.workspaceId(), member.userId(), MembershipRole.MEMBER, CLIENT);
			assertThat(concurrentCheck(member)).as("a check by another request before the commit")
				.contains(MembershipRole.OWNER);
			assertThat(this.instance.cache.size()).as("entries stored before the commit").isOne();
		});
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.MEMBER);
	}

	@Test
	void removeMemberWhenCheckLoadedJustBeforeItsCommitThenDroppedAtCommit() {
		Member member = fixture.member(MembershipRole.ADMIN);
		AtomicReference<Optional<MembershipRole>> during = new AtomicReference<>();
		this.instance.dataSource.beforeNextCommit(() -> {
			during.set(concurrentCheck(member));
			assertThat(this.instance.cache.size()).as("entries stored before the commit").isOne();
		});
		assertThat(this.instance.workspaces.removeMember(member.workspaceId(), member.userId(), CLIENT)).isTrue();
		assertThat(during.get()).as("a check by another request just before the commit")
			.contains(MembershipRole.ADMIN);
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void updateStatusWhenCheckLoadedJustBeforeTheUpdateRunsThenDroppedOnceItRan() {
		Member member = fixture.member(MembershipRole.MEMBER);
		AtomicReference<Optional<MembershipRole>> during = new AtomicReference<>();
		this.instance.dataSource.beforeNextStatement("UPDATE auth.users SET status", () -> {
			during.set(concurrentCheck(member));
			assertThat(this.instance.cache.size()).as("entries stored before the update").isOne();
		});
		assertThat(this.instance.accounts.updateStatus(member.userId(), UserStatus.SUSPENDED, START)).isTrue();
		assertThat(during.get()).as("a check by another request just before the update")
			.contains(MembershipRole.MEMBER);
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId())).isEmpty();
	}

	@Test
	void addMemberWhenRoleLoweredAndCheckLoadedJustBeforeItsCommitThenDroppedAtCommit() {
		Member member = fixture.member(MembershipRole.OWNER);
		AtomicReference<Optional<MembershipRole>> during = new AtomicReference<>();
		this.instance.dataSource.beforeNextCommit(() -> {
			during.set(concurrentCheck(member));
			assertThat(this.instance.cache.size()).as("entries stored before the commit").isOne();
		});
		this.instance.workspaces.addMember(member.workspaceId(), member.userId(), MembershipRole.MEMBER, CLIENT);
		assertThat(during.get()).as("a check by another request just before the commit")
			.contains(MembershipRole.OWNER);
		assertThat(this.instance.workspaces.activeRole(member.workspaceId(), member.userId()))
			.contains(MembershipRole.MEMBER);
	}

	/** A transaction of the host's own on the instance's pool, which the library's writes join. */
	private TransactionTemplate hostTransaction() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.instance.dataSource));
	}

	/** The check made by another request thread (its own connection, which sees only committed rows). */
	private Optional<MembershipRole> concurrentCheck(Member member) {
		try {
			return CompletableFuture
				.supplyAsync(() -> this.instance.workspaces.activeRole(member.workspaceId(), member.userId()))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
