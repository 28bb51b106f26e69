package dev.systemauth.demo;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code auth.throttle.enabled=false} the invitation mail limits are off like every other limit: one
 * recipient invited more often than {@code auth.invitations.max-per-recipient} (here 1) gets every mail. With
 * limits on, the same call is 429 ({@code InvitationsTests#inviteWhenRecipientLimitReachedThenTooManyRequestsAndNoMoreMail}).
 */
@TestPropertySource(properties = { "auth.throttle.enabled=false", "auth.invitations.max-per-recipient=1",
		"auth.invitations.max-per-inviter=1" })
class InvitationLimitsThrottleDisabledTests extends AbstractWorkspaceAdminTests {

	@Test
	void inviteWhenThrottleDisabledThenInvitationLimitsDoNotApply() {
		Team team = team();
		String invitee = uniqueEmail("unthrottled");
		for (int i = 0; i < 3; i++) {
			assertStatus(post(team.owner(), invitations(team.id()), DemoClient.json("email", invitee, "role", "member")),
					201);
		}
		TestMail.awaitMessages(invitee, 3);
		assertThat(TestMail.messagesTo(invitee)).hasSize(3);
		assertThat(get(team.owner(), invitations(team.id())).json().get("invitations")).hasSize(3);
	}

}
