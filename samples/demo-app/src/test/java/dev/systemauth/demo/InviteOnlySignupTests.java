package dev.systemauth.demo;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invite-only: with {@code auth.classic.signup=false}, signup with an invitation still works, and signup without
 * one is still a real 404.
 */
@TestPropertySource(properties = "auth.classic.signup=false")
class InviteOnlySignupTests extends AbstractWorkspaceAdminTests {

	@Autowired
	AuthProvisioningService provisioning;

	@Test
	void signupWhenPublicSignupOffAndInvitedThenJoinsTheWorkspace() {
		String ownerEmail = uniqueEmail("io-owner");
		ProvisionedUser owner = this.provisioning.provisionClassicUser(ownerEmail, PASSWORD, "Invite only",
				"io-" + UUID.randomUUID(), true);
		Tokens ownerTokens = login(ownerEmail, PASSWORD);
		String invitee = uniqueEmail("io-invitee");
		assertStatus(post(ownerTokens, invitations(ownerTokens.workspaceId()),
				DemoClient.json("email", invitee, "role", "member")), 201);
		String token = TestMail.linkToken(TestMail.awaitMessage(invitee, 1));

		assertAbsentRoute("/auth/signup");
		DemoClient.Response signup = this.http.post("/auth/signup",
				DemoClient.json("email", invitee, "password", PASSWORD, "invitationToken", token));
		assertThat(signup.status()).as("%s", signup).isEqualTo(201);
		assertThat(signup.json().get("workspaceId").asString()).isEqualTo(owner.workspaceId().toString());
		assertThat(tenantMe(signup.json().get("accessToken").asString(), owner.workspaceId()).status())
			.isEqualTo(200);
		assertThat(login(invitee, PASSWORD).workspaceId()).isEqualTo(owner.workspaceId());
	}

}
