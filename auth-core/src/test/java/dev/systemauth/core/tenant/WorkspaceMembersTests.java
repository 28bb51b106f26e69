package dev.systemauth.core.tenant;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side member administration on a real PostgreSQL: the role rules and the last owner, also when
 * two owners demote each other at the same moment (the workspace row's lock makes one of them wait and see
 * the other's change).
 */
class WorkspaceMembersTests {

	private CoreFixture fixture;

	private WorkspaceService workspaces;

	private WorkspaceMembers members;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
		this.workspaces = this.fixture.workspaces();
		this.members = new WorkspaceMembers(this.fixture.database(), this.workspaces);
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void updateWhenAdminGrantsOwnerOrTouchesAnOwnerThenForbiddenRole() {
		UUID workspace = this.workspaces.createWorkspace("Acme", null, CLIENT).id();
		UUID owner = user(workspace, MembershipRole.OWNER);
		UUID admin = user(workspace, MembershipRole.ADMIN);
		UUID member = user(workspace, MembershipRole.MEMBER);
		assertAuthError(() -> this.members.update(workspace, admin, member, MembershipRole.OWNER, null, CLIENT),
				AuthErrorCode.FORBIDDEN_ROLE);
		assertAuthError(() -> this.members.update(workspace, admin, owner, null, MembershipStatus.SUSPENDED, CLIENT),
				AuthErrorCode.FORBIDDEN_ROLE);
		assertAuthError(() -> this.members.remove(workspace, admin, owner, CLIENT), AuthErrorCode.FORBIDDEN_ROLE);
		assertAuthError(() -> this.members.update(workspace, member, admin, MembershipRole.MEMBER, null, CLIENT),
				AuthErrorCode.FORBIDDEN_ROLE);
		assertThat(this.members.update(workspace, admin, member, MembershipRole.ADMIN, null, CLIENT).role())
			.isEqualTo(MembershipRole.ADMIN);
		assertThat(this.workspaces.activeRole(workspace, member)).contains(MembershipRole.ADMIN);
	}

	@Test
	void updateWhenLastActiveOwnerThenLastOwnerAndNothingChanges() {
		UUID workspace = this.workspaces.createWorkspace("Acme", null, CLIENT).id();
		UUID owner = user(workspace, MembershipRole.OWNER);
		assertAuthError(() -> this.members.update(workspace, owner, owner, MembershipRole.ADMIN, null, CLIENT),
				AuthErrorCode.LAST_OWNER);
		assertAuthError(() -> this.members.update(workspace, owner, owner, null, MembershipStatus.SUSPENDED, CLIENT),
				AuthErrorCode.LAST_OWNER);
		assertAuthError(() -> this.members.remove(workspace, owner, owner, CLIENT), AuthErrorCode.LAST_OWNER);
		assertThat(this.workspaces.activeRole(workspace, owner)).contains(MembershipRole.OWNER);
	}

	@Test
	void updateWhenTwoOwnersDemoteEachOtherAtOnceThenExactlyOneWins() throws InterruptedException {
		for (int round = 0; round < 10; round++) {
			UUID workspace = this.workspaces.createWorkspace("Acme " + round, null, CLIENT).id();
			UUID a = user(workspace, MembershipRole.OWNER);
			UUID b = user(workspace, MembershipRole.OWNER);
			List<Race.Attempt<WorkspaceMember>> attempts = Race.run(2,
					(i) -> this.members.update(workspace, (i == 0) ? a : b, (i == 0) ? b : a, MembershipRole.MEMBER,
							null, CLIENT));
			assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
			assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded())
				.allSatisfy((attempt) -> assertThat(attempt.error()).isInstanceOf(AuthException.class));
			assertThat(this.fixture.count("""
					SELECT count(*) FROM ${schema}.workspace_members
					WHERE workspace_id = ? AND role = 'owner' AND status = 'active'""", workspace)).isEqualTo(1);
		}
	}

	private UUID user(UUID workspace, MembershipRole role) {
		String email = CoreFixture.uniqueEmail();
		UUID userId = this.fixture.signup(email, "members-test-passphrase").userId();
		this.workspaces.addMember(workspace, userId, role, CLIENT);
		return userId;
	}

}
