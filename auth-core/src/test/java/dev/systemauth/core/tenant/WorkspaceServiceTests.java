package dev.systemauth.core.tenant;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceServiceTests {

	private CoreFixture fixture;

	private WorkspaceService workspaces;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
		this.workspaces = this.fixture.workspaces();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "acme", "acme-corp", "a1-b2-c3", "0",
			"abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh" })
	void createWorkspaceWhenValidSlugThenCreated(String slug) {
		Workspace workspace = this.workspaces.createWorkspace("Acme", slug, CLIENT);
		assertThat(workspace.slug()).isEqualTo(slug);
		assertThat(this.workspaces.findWorkspaceBySlug(slug)).contains(workspace);
		assertThat(this.workspaces.findWorkspace(workspace.id())).contains(workspace);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Acme", "-acme", "acme-", "ac_me", "ac me", "acme.corp", "acme/../x", "\u00E4cme",
			"abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi", "acme\n" })
	void createWorkspaceWhenInvalidSlugThenValidationFailedAndNothingWritten(String slug) {
		AuthException ex = assertAuthError(() -> this.workspaces.createWorkspace("Acme", slug, CLIENT),
				AuthErrorCode.VALIDATION_FAILED);
		assertThat(ex.getProperties()).containsEntry("field", "workspaceSlug");
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isZero();
	}

	@Test
	void createWorkspaceWhenSlugTakenThenWorkspaceSlugTaken() {
		Workspace first = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		assertAuthError(() -> this.workspaces.createWorkspace("Other Acme", "acme", CLIENT),
				AuthErrorCode.WORKSPACE_SLUG_TAKEN);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isEqualTo(1);
		assertThat(this.workspaces.findWorkspaceBySlug("acme")).contains(first);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'workspace_created'""")).isEqualTo(1);
	}

	@Test
	void createWorkspaceWhenNoSlugThenDerivedFromName() {
		Workspace workspace = this.workspaces.createWorkspace("  Caf\u00E9 & Co. ", null, CLIENT);
		assertThat(workspace.name()).isEqualTo("Caf\u00E9 & Co.");
		assertThat(workspace.slug()).matches("cafe-co-[0-9]{6}");
		Workspace symbols = this.workspaces.createWorkspace("!!!", null, CLIENT);
		assertThat(symbols.slug()).matches("ws-[0-9]{6}");
	}

	@Test
	void createWorkspaceWhenInvalidNameThenValidationFailed() {
		for (String name : new String[] { "", "   ", "line\nbreak", "x".repeat(201) }) {
			AuthException ex = assertAuthError(() -> this.workspaces.createWorkspace(name, "acme", CLIENT),
					AuthErrorCode.VALIDATION_FAILED);
			assertThat(ex.getProperties()).containsEntry("field", "workspaceName");
		}
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isZero();
	}

	@Test
	void addMemberThenActiveRoleReflectsItImmediately() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.ADMIN, CLIENT);
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).contains(MembershipRole.ADMIN);
		assertThat(this.workspaces.findMembership(workspace.id(), userId)).hasValueSatisfying((membership) -> {
			assertThat(membership.status()).isEqualTo(MembershipStatus.ACTIVE);
			assertThat(membership.workspaceSlug()).isEqualTo("acme");
		});
		assertThat(this.workspaces.membersOf(workspace.id())).extracting(Membership::userId).containsExactly(userId);
	}

	@Test
	void addMemberWhenAlreadyMemberThenRoleUpdated() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, CLIENT);
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).contains(MembershipRole.OWNER);
		assertThat(this.workspaces.membersOf(workspace.id())).hasSize(1);
	}

	@Test
	void suspendMemberThenActiveRoleEmptyAndReactivateRestoresIt() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.ADMIN, CLIENT);
		assertThat(this.workspaces.suspendMember(workspace.id(), userId, CLIENT)).isTrue();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
		assertThat(this.workspaces.activeMembershipsOf(userId)).isEmpty();
		assertThat(this.workspaces.membershipsOf(userId)).singleElement()
			.satisfies((membership) -> assertThat(membership.status()).isEqualTo(MembershipStatus.SUSPENDED));
		assertThat(this.workspaces.reactivateMember(workspace.id(), userId, CLIENT)).isTrue();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).contains(MembershipRole.ADMIN);
	}

	@Test
	void removeMemberThenActiveRoleEmptyAndReactivateRefused() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		assertThat(this.workspaces.removeMember(workspace.id(), userId, CLIENT)).isTrue();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
		assertThat(this.workspaces.reactivateMember(workspace.id(), userId, CLIENT)).isFalse();
		assertThat(this.workspaces.suspendMember(workspace.id(), userId, CLIENT)).isFalse();
		assertThat(this.workspaces.removeMember(workspace.id(), userId, CLIENT)).isFalse();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
		// only an explicit add brings a removed member back
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).contains(MembershipRole.MEMBER);
	}

	@Test
	void changeStatusWhenNoMembershipThenFalseAndNoAuditRow() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		assertThat(this.workspaces.suspendMember(workspace.id(), userId, CLIENT)).isFalse();
		assertThat(this.workspaces.removeMember(workspace.id(), userId, CLIENT)).isFalse();
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type IN ('membership_suspended', 'membership_removed')"""))
			.isZero();
	}

	@Test
	void suspendMemberEndsTheMembersSessionsInThatWorkspaceOnly() {
		Workspace acme = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		Workspace globex = this.workspaces.createWorkspace("Globex", "globex", CLIENT);
		UUID userId = user();
		UUID colleague = user();
		this.workspaces.addMember(acme.id(), userId, MembershipRole.MEMBER, CLIENT);
		this.workspaces.addMember(globex.id(), userId, MembershipRole.MEMBER, CLIENT);
		this.workspaces.addMember(acme.id(), colleague, MembershipRole.MEMBER, CLIENT);
		TokenPair inAcme = this.fixture.sessions().start(userId, acme.id());
		TokenPair inGlobex = this.fixture.sessions().start(userId, globex.id());
		TokenPair colleagueInAcme = this.fixture.sessions().start(colleague, acme.id());
		this.workspaces.suspendMember(acme.id(), userId, CLIENT);
		assertThat(revokedReason(inAcme)).isEqualTo("membership_suspended");
		assertThat(revokedReason(inGlobex)).isNull();
		assertThat(revokedReason(colleagueInAcme)).isNull();
		assertThat(this.workspaces.activeRole(globex.id(), userId)).contains(MembershipRole.MEMBER);
	}

	@Test
	void activeRoleWhenUserSuspendedThenEmpty() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, CLIENT);
		assertThat(this.fixture.accounts().updateStatus(userId, UserStatus.SUSPENDED, this.fixture.clock().instant())).isTrue();
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
		// the membership itself is untouched: reactivating the user restores access
		assertThat(this.workspaces.findMembership(workspace.id(), userId).orElseThrow().isActive()).isTrue();
		this.fixture.accounts().updateStatus(userId, UserStatus.ACTIVE, this.fixture.clock().instant());
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).contains(MembershipRole.OWNER);
	}

	@Test
	void activeRoleWhenUserDeletedThenEmpty() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.OWNER, CLIENT);
		this.fixture.accounts().updateStatus(userId, UserStatus.DELETED, this.fixture.clock().instant());
		assertThat(this.workspaces.activeRole(workspace.id(), userId)).isEmpty();
	}

	@Test
	void activeRoleIsScopedToTheWorkspace() {
		Workspace acme = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		Workspace globex = this.workspaces.createWorkspace("Globex", "globex", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(acme.id(), userId, MembershipRole.ADMIN, CLIENT);
		assertThat(this.workspaces.activeRole(acme.id(), userId)).contains(MembershipRole.ADMIN);
		assertThat(this.workspaces.activeRole(globex.id(), userId)).isEmpty();
		assertThat(this.workspaces.activeRole(UUID.randomUUID(), userId)).isEmpty();
	}

	@Test
	void membershipChangesAreAudited() {
		Workspace workspace = this.workspaces.createWorkspace("Acme", "acme", CLIENT);
		UUID userId = user();
		this.workspaces.addMember(workspace.id(), userId, MembershipRole.MEMBER, CLIENT);
		this.workspaces.suspendMember(workspace.id(), userId, CLIENT);
		this.workspaces.reactivateMember(workspace.id(), userId, CLIENT);
		this.workspaces.removeMember(workspace.id(), userId, CLIENT);
		assertThat(this.fixture.jdbc()
			.sql(this.fixture.sql("""
					SELECT event_type FROM ${schema}.audit_logs WHERE workspace_id = ? AND user_id = ? ORDER BY id"""))
			.params(workspace.id(), userId)
			.query(String.class)
			.list()).containsExactly("membership_added", "membership_suspended", "membership_reactivated",
					"membership_removed");
	}

	private UUID user() {
		UUID id = UUID.randomUUID();
		assertThat(this.fixture.accounts()
			.insert(id, CoreFixture.uniqueEmail(), this.fixture.passwordHasher().hash("correct horse battery staple"),
					true, this.fixture.clock().instant()))
			.isTrue();
		return id;
	}

	private Object revokedReason(TokenPair pair) {
		return this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT revoked_reason FROM ${schema}.refresh_tokens WHERE token_hash = ?"))
			.param(this.fixture.tokenHasher().hash(pair.refreshToken()))
			.query()
			.singleRow()
			.get("revoked_reason");
	}

}
