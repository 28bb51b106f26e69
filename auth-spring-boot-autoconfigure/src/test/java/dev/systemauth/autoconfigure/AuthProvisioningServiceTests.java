package dev.systemauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.jdbc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The autoconfigured {@link AuthProvisioningService} on a real PostgreSQL: what it creates, its idempotence
 * for the exact same target, its refusal of a different target without a partial write, and concurrent
 * identical calls. Each test uses its own emails and slugs on the class's database.
 */
class AuthProvisioningServiceTests {

	private static final String PASSWORD = "plum-orchard-cascade";

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void provisionWhenNewThenCreatesVerifiedUserWorkspaceAndOwnerMembership() {
		this.contextRunner.run((context) -> {
			ProvisionedUser result = context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("  New.Owner@Example.TEST ", PASSWORD, "New Co", "new-co", true);
			assertThat(result.created()).isTrue();
			assertThat(jdbc(database.get())
				.sql("SELECT email FROM auth.users WHERE id = ? AND email_verified_at IS NOT NULL AND status = 'active'")
				.param(result.userId())
				.query(String.class)
				.single()).isEqualTo("new.owner@example.test");
			assertThat(jdbc(database.get()).sql("SELECT name || '/' || slug FROM auth.workspaces WHERE id = ?")
				.param(result.workspaceId())
				.query(String.class)
				.single()).isEqualTo("New Co/new-co");
			assertThat(jdbc(database.get())
				.sql("SELECT role || '/' || status FROM auth.workspace_members WHERE workspace_id = ? AND user_id = ?")
				.params(result.workspaceId(), result.userId())
				.query(String.class)
				.list()).containsExactly("owner/active");
		});
	}

	@Test
	void provisionWhenNotAskedToVerifyThenEmailUnverified() {
		this.contextRunner.run((context) -> {
			ProvisionedUser result = context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("unverified@example.test", PASSWORD, "Unverified", "unverified-co", false);
			assertThat(emailVerified(result.userId())).isFalse();
		});
	}

	@Test
	void provisionWhenProvisionedThenAuditRowRecorded() {
		this.contextRunner.run((context) -> {
			ProvisionedUser result = context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("audited@example.test", PASSWORD, "Audited", "audited-co", true);
			assertThat(jdbc(database.get()).sql("""
					SELECT count(*) FROM auth.audit_logs
					WHERE event_type = 'user_provisioned' AND outcome = 'success' AND user_id = ? AND workspace_id = ?""")
				.params(result.userId(), result.workspaceId())
				.query(Integer.class)
				.single()).isEqualTo(1);
		});
	}

	@Test
	void provisionWhenRepeatedIdenticallyThenSameIdsAndNothingNew() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser first = service.provisionClassicUser("repeat@example.test", PASSWORD, "Repeat", "repeat-co",
					true);
			Counts before = counts("repeat@example.test", "repeat-co");
			ProvisionedUser second = service.provisionClassicUser("repeat@example.test", PASSWORD, "Repeat",
					"repeat-co", true);
			assertThat(second).isEqualTo(new ProvisionedUser(first.userId(), first.workspaceId(), false));
			assertThat(counts("repeat@example.test", "repeat-co")).isEqualTo(before)
				.isEqualTo(new Counts(1, 1, 1, 1));
		});
	}

	@Test
	void provisionWhenRepeatedWithEmailInOtherCaseThenSameTarget() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser first = service.provisionClassicUser("case@example.test", PASSWORD, "Case", "case-co", true);
			ProvisionedUser second = service.provisionClassicUser("CASE@Example.Test", PASSWORD, "Case", "case-co",
					true);
			assertThat(second).isEqualTo(new ProvisionedUser(first.userId(), first.workspaceId(), false));
			assertThat(counts("case@example.test", "case-co")).isEqualTo(new Counts(1, 1, 1, 1));
		});
	}

	@Test
	void provisionWhenRepeatedAskingToVerifyThenEmailVerified() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser first = service.provisionClassicUser("later@example.test", PASSWORD, "Later", "later-co",
					false);
			ProvisionedUser second = service.provisionClassicUser("later@example.test", PASSWORD, "Later", "later-co",
					true);
			assertThat(second.created()).isFalse();
			assertThat(second.userId()).isEqualTo(first.userId());
			assertThat(emailVerified(first.userId())).isTrue();
		});
	}

	@Test
	void provisionWhenEmailExistsWithDifferentPasswordThenConflictAndNothingCreated() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			service.provisionClassicUser("taken@example.test", PASSWORD, "Taken", "taken-co", true);
			String hashBefore = passwordHash("taken@example.test");
			AuthException failure = catchThrowableOfType(AuthException.class, () -> service
				.provisionClassicUser("taken@example.test", "another-orchard-cascade", "Other", "other-co", true));
			assertThat(failure.getErrorCode()).isEqualTo(AuthErrorCode.PROVISIONING_CONFLICT);
			assertThat(counts("taken@example.test", "other-co")).isEqualTo(new Counts(1, 0, 0, 1));
			assertThat(passwordHash("taken@example.test")).isEqualTo(hashBefore);
		});
	}

	@Test
	void provisionWhenSlugOwnedByAnotherUserThenConflictAndNoUserCreated() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser owner = service.provisionClassicUser("owner@example.test", PASSWORD, "Owned", "owned-co",
					true);
			AuthException failure = catchThrowableOfType(AuthException.class, () -> service
				.provisionClassicUser("intruder@example.test", PASSWORD, "Owned", "owned-co", true));
			assertThat(failure.getErrorCode()).isEqualTo(AuthErrorCode.PROVISIONING_CONFLICT);
			assertThat(userCount("intruder@example.test")).isZero();
			assertThat(memberCount(owner.workspaceId())).isEqualTo(1);
		});
	}

	@Test
	void provisionWhenExistingUserAsksForSlugOwnedByAnotherThenConflictAndNoMembership() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser owner = service.provisionClassicUser("first@example.test", PASSWORD, "First", "first-co",
					true);
			ProvisionedUser other = service.provisionClassicUser("second@example.test", PASSWORD, "Second",
					"second-co", true);
			AuthException failure = catchThrowableOfType(AuthException.class, () -> service
				.provisionClassicUser("second@example.test", PASSWORD, "First", "first-co", true));
			assertThat(failure.getErrorCode()).isEqualTo(AuthErrorCode.PROVISIONING_CONFLICT);
			assertThat(memberCount(owner.workspaceId())).isEqualTo(1);
			assertThat(jdbc(database.get()).sql("SELECT count(*) FROM auth.workspace_members WHERE user_id = ?")
				.param(other.userId())
				.query(Integer.class)
				.single()).isEqualTo(1);
		});
	}

	@Test
	void provisionWhenExistingUserAsksForNewSlugThenAddsOwnedWorkspace() {
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			ProvisionedUser first = service.provisionClassicUser("multi@example.test", PASSWORD, "Multi One",
					"multi-one", true);
			ProvisionedUser second = service.provisionClassicUser("multi@example.test", PASSWORD, "Multi Two",
					"multi-two", true);
			assertThat(second.created()).isTrue();
			assertThat(second.userId()).isEqualTo(first.userId());
			assertThat(second.workspaceId()).isNotEqualTo(first.workspaceId());
			assertThat(jdbc(database.get())
				.sql("SELECT count(*) FROM auth.workspace_members WHERE user_id = ? AND role = 'owner'")
				.param(first.userId())
				.query(Integer.class)
				.single()).isEqualTo(2);
		});
	}

	@Test
	void provisionWhenPasswordTooCommonThenWeakPasswordAndNothingCreated() {
		this.contextRunner.run((context) -> {
			AuthException failure = catchThrowableOfType(AuthException.class,
					() -> context.getBean(AuthProvisioningService.class)
						.provisionClassicUser("weak@example.test", "password", "Weak", "weak-co", true));
			assertThat(failure.getErrorCode()).isEqualTo(AuthErrorCode.WEAK_PASSWORD);
			assertThat(counts("weak@example.test", "weak-co")).isEqualTo(new Counts(0, 0, 0, 0));
		});
	}

	@Test
	void provisionWhenPasswordShorterThanConfiguredMinimumThenWeakPassword() {
		this.contextRunner.withPropertyValues("auth.classic.password-min-length=24").run((context) -> {
			AuthException failure = catchThrowableOfType(AuthException.class,
					() -> context.getBean(AuthProvisioningService.class)
						.provisionClassicUser("short@example.test", PASSWORD, "Short", "short-co", true));
			assertThat(failure.getErrorCode()).isEqualTo(AuthErrorCode.WEAK_PASSWORD);
			assertThat(userCount("short@example.test")).isZero();
		});
	}

	@Test
	void provisionWhenSignupDisabledThenStillProvisions() {
		this.contextRunner.withPropertyValues("auth.classic.signup=false").run((context) -> {
			ProvisionedUser result = context.getBean(AuthProvisioningService.class)
				.provisionClassicUser("nosignup@example.test", PASSWORD, "No Signup", "no-signup-co", true);
			assertThat(result.created()).isTrue();
			assertThat(counts("nosignup@example.test", "no-signup-co")).isEqualTo(new Counts(1, 1, 1, 1));
		});
	}

	@Test
	void provisionWhenConcurrentIdenticalCallsThenOneUserAndOneWorkspace() {
		int threads = 8;
		this.contextRunner.run((context) -> {
			AuthProvisioningService service = context.getBean(AuthProvisioningService.class);
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<ProvisionedUser>> futures = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					futures.add(executor.submit(() -> {
						start.await();
						return service.provisionClassicUser("race@example.test", PASSWORD, "Race", "race-co", true);
					}));
				}
				start.countDown();
				List<ProvisionedUser> results = new ArrayList<>();
				for (Future<ProvisionedUser> future : futures) {
					results.add(future.get(60, TimeUnit.SECONDS));
				}
				ProvisionedUser created = results.stream().filter(ProvisionedUser::created).findFirst().orElseThrow();
				assertThat(results).filteredOn(ProvisionedUser::created).hasSize(1);
				assertThat(results).allSatisfy((result) -> {
					assertThat(result.userId()).isEqualTo(created.userId());
					assertThat(result.workspaceId()).isEqualTo(created.workspaceId());
				});
				assertThat(counts("race@example.test", "race-co")).isEqualTo(new Counts(1, 1, 1, 1));
			}
			finally {
				executor.shutdownNow();
			}
		});
	}

	private static boolean emailVerified(UUID userId) {
		return jdbc(database.get()).sql("SELECT email_verified_at IS NOT NULL FROM auth.users WHERE id = ?")
			.param(userId)
			.query(Boolean.class)
			.single();
	}

	private static String passwordHash(String email) {
		return jdbc(database.get()).sql("SELECT password_hash FROM auth.users WHERE email = ?")
			.param(email)
			.query(String.class)
			.single();
	}

	private static int userCount(String email) {
		return jdbc(database.get()).sql("SELECT count(*) FROM auth.users WHERE lower(email) = lower(?)")
			.param(email)
			.query(Integer.class)
			.single();
	}

	private static int memberCount(UUID workspaceId) {
		return jdbc(database.get()).sql("SELECT count(*) FROM auth.workspace_members WHERE workspace_id = ?")
			.param(workspaceId)
			.query(Integer.class)
			.single();
	}

	/** Rows of one email and one slug: users, workspaces, their memberships, and provisioning audit rows. */
	private static Counts counts(String email, String slug) {
		int workspaces = jdbc(database.get()).sql("SELECT count(*) FROM auth.workspaces WHERE slug = ?")
			.param(slug)
			.query(Integer.class)
			.single();
		int members = jdbc(database.get()).sql("""
				SELECT count(*) FROM auth.workspace_members m JOIN auth.workspaces w ON w.id = m.workspace_id
				WHERE w.slug = ?""").param(slug).query(Integer.class).single();
		int audits = jdbc(database.get()).sql("""
				SELECT count(*) FROM auth.audit_logs a JOIN auth.users u ON u.id = a.user_id
				WHERE a.event_type = 'user_provisioned' AND u.email = ?""")
			.param(email)
			.query(Integer.class)
			.single();
		return new Counts(userCount(email), workspaces, members, audits);
	}

	private record Counts(int users, int workspaces, int members, int provisioningAudits) {
	}

}
