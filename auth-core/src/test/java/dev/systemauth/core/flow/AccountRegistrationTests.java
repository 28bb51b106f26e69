package dev.systemauth.core.flow;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.flow.AccountRegistration.NewUser;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class AccountRegistrationTests {

	private CoreFixture fixture;

	private AccountRegistration registration;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
		this.registration = new AccountRegistration(this.fixture.accounts(), this.fixture.workspaces(),
				this.fixture.auditLog());
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void registerWhenEmailFreeThenUserWorkspaceOwnerMembershipAndAuditRow() {
		NewUser user = newUser(CoreFixture.uniqueEmail());
		Workspace workspace = this.fixture.database()
			.inTransaction(() -> this.registration.register(user, "Acme", "acme-" + shortId(), AuditEventType.SIGNUP,
					CLIENT))
			.orElseThrow();
		assertThat(this.fixture.accounts().findById(user.id()).orElseThrow().email()).isEqualTo(user.email());
		Membership membership = this.fixture.workspaces().findMembership(workspace.id(), user.id()).orElseThrow();
		assertThat(membership.role()).isEqualTo(MembershipRole.OWNER);
		assertThat(membership.isActive()).isTrue();
		assertThat(workspace.name()).isEqualTo("Acme");
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs
				WHERE event_type = 'signup' AND outcome = 'success' AND user_id = ? AND workspace_id = ? AND ip = ?""",
				user.id(), workspace.id(), CLIENT.ip())).isEqualTo(1);
	}

	@Test
	void registerWhenEmailTakenThenEmptyAndNothingWritten() {
		String email = CoreFixture.uniqueEmail();
		this.fixture.database()
			.inTransaction(() -> this.registration.register(newUser(email), "First", null, AuditEventType.SIGNUP, CLIENT));
		long workspaces = this.fixture.count("SELECT count(*) FROM ${schema}.workspaces");
		long auditRows = this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs");
		NewUser second = newUser(email);
		Optional<Workspace> registered = this.fixture.database()
			.inTransaction(() -> this.registration.register(second, "Second", null, AuditEventType.SIGNUP, CLIENT));
		assertThat(registered).isEmpty();
		assertThat(this.fixture.accounts().findById(second.id())).isEmpty();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isEqualTo(workspaces);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs")).isEqualTo(auditRows);
	}

	@Test
	void registerWhenSlugTakenThenWorkspaceSlugTakenAndNothingCommitted() {
		String slug = "taken-" + shortId();
		this.fixture.database()
			.inTransaction(() -> this.registration.register(newUser(CoreFixture.uniqueEmail()), "First", slug,
					AuditEventType.SIGNUP, CLIENT));
		NewUser second = newUser(CoreFixture.uniqueEmail());
		assertAuthError(() -> this.fixture.database()
			.inTransaction(() -> this.registration.register(second, "Second", slug, AuditEventType.SIGNUP, CLIENT)),
				AuthErrorCode.WORKSPACE_SLUG_TAKEN);
		assertThat(this.fixture.accounts().findById(second.id())).isEmpty();
	}

	@Test
	void addOwnedWorkspaceGivesAnExistingUserAnotherWorkspaceAudited() {
		NewUser user = newUser(CoreFixture.uniqueEmail());
		this.fixture.database()
			.inTransaction(() -> this.registration.register(user, "First", null, AuditEventType.USER_PROVISIONED,
					CLIENT));
		Workspace second = this.fixture.database()
			.inTransaction(() -> this.registration.addOwnedWorkspace(user.id(), "Second", null,
					AuditEventType.USER_PROVISIONED, CLIENT));
		assertThat(this.fixture.workspaces().activeMembershipsOf(user.id())).hasSize(2)
			.allSatisfy((membership) -> assertThat(membership.role()).isEqualTo(MembershipRole.OWNER));
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'user_provisioned' AND user_id = ?""",
				user.id())).isEqualTo(2);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'user_provisioned' AND workspace_id = ?""",
				second.id())).isEqualTo(1);
	}

	@Test
	void newUserToStringHoldsNoEmailOrHash() {
		NewUser user = newUser("someone@example.test");
		assertThat(user.toString()).doesNotContain("someone").doesNotContain("$2a$");
	}

	private NewUser newUser(String email) {
		return new NewUser(UUID.randomUUID(), email, "$2a$04$notarealhashnotarealhashnotarealhashnotarealhash00",
				false, this.fixture.clock().instant());
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
