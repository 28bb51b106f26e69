package dev.systemauth.demo;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.token.TokenPair;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which account a provider identity signs in as: linking only on a verified email, the pre-hijack claim of a
 * never-verified account, one user per identity, signup refused where the provider may not create accounts,
 * and per-workspace single sign-on with its domain restriction.
 */
class ProviderLinkingTests extends AbstractProviderSignInTests {

	private static final String PASSWORD = "correct horse battery staple 42";

	@Test
	void signInWhenVerifiedEmailOfExistingAccountThenLinkedToIt() {
		String email = uniqueEmail("link");
		Tokens password = registerVerified(email, PASSWORD);
		nextIdToken("sso", subject(), email, true);

		Tokens provider = signInAndExchange("sso");

		assertThat(provider.userId()).isEqualTo(password.userId());
		assertThat(provider.workspaceId()).isEqualTo(password.workspaceId());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.user_identities WHERE user_id = ?",
				Integer.class, password.userId())).isEqualTo(1);
		// a verified account keeps its password
		login(email, PASSWORD);
	}

	@Test
	void signInWhenEmailNotVerifiedByProviderThenRefusedAndNothingLinked() {
		String email = uniqueEmail("unverified");
		Tokens password = registerVerified(email, PASSWORD);
		nextIdToken("sso", subject(), email, false);

		assertThat(signIn("sso")).containsExactly(Map.entry("error", "provider_email_not_verified"));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.user_identities WHERE user_id = ?",
				Integer.class, password.userId())).isZero();
	}

	@Test
	void signInWhenProviderGivesNoEmailThenProviderEmailNotVerified() {
		nextIdToken("sso", subject(), Map.of());

		assertThat(signIn("sso")).containsExactly(Map.entry("error", "provider_email_not_verified"));
	}

	@Test
	void signInWhenAccountNeverVerifiedThenPasswordClearedAndClaimAudited() {
		String email = uniqueEmail("squatted");
		Signup squatter = signup(email, PASSWORD);
		nextIdToken("sso", subject(), email, true);

		Tokens owner = signInAndExchange("sso");

		assertThat(owner.userId()).isEqualTo(squatter.userId());
		assertThat(this.accounts.findById(owner.userId())).hasValueSatisfying((account) -> {
			assertThat(account.passwordHash()).isNull();
			assertThat(account.isEmailVerified()).isTrue();
		});
		DemoClient.Response login = this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		assertThat(login.status()).isEqualTo(401);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'unverified_account_claimed'",
				Integer.class, owner.userId())).isEqualTo(1);
	}

	@Test
	void signInWhenAccountNeverVerifiedHasSessionsThenTheyEnd() {
		String email = uniqueEmail("squatter-session");
		Signup squatter = signup(email, PASSWORD);
		// a session of the squatter's, as an app with require-email-verification off would have given
		TokenPair pair = this.sessions.start(squatter.userId(), squatter.workspaceId());
		Tokens squatterSession = new Tokens(pair.accessToken(), pair.refreshToken(), pair.userId(), pair.workspaceId());
		assertThat(tenantMe(squatterSession.accessToken(), squatterSession.workspaceId()).status()).isEqualTo(200);
		nextIdToken("sso", subject(), email, true);

		signInAndExchange("sso");

		assertThat(tenantMe(squatterSession.accessToken(), squatterSession.workspaceId()).status()).isEqualTo(401);
		assertThat(refresh(squatterSession.refreshToken()).status()).isEqualTo(401);
	}

	@Test
	void signInWhenIdentityLinkedThenSameUserWhateverEmailItNowClaims() {
		String subject = subject();
		String first = uniqueEmail("first");
		nextIdToken("sso", subject, first, true);
		Tokens linked = signInAndExchange("sso");
		String other = uniqueEmail("other");
		Tokens otherAccount = registerVerified(other, PASSWORD);
		nextIdToken("sso", subject, other, true);

		Tokens again = signInAndExchange("sso");

		assertThat(again.userId()).isEqualTo(linked.userId()).isNotEqualTo(otherAccount.userId());
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.user_identities WHERE provider = 'sso' AND subject = ?", Integer.class,
				subject)).isEqualTo(1);
	}

	@Test
	void identityWhenLinkedToSecondUserThenDatabaseRefuses() {
		String subject = subject();
		nextIdToken("sso", subject, uniqueEmail("owner"), true);
		Tokens owner = signInAndExchange("sso");
		Tokens other = registerVerified(uniqueEmail("second"), PASSWORD);

		int inserted = this.jdbc.update("""
				INSERT INTO auth.user_identities (provider, subject, user_id) VALUES ('sso', ?, ?)
				ON CONFLICT DO NOTHING""", subject, other.userId());

		assertThat(inserted).isZero();
		assertThat(this.jdbc.queryForObject("SELECT user_id FROM auth.user_identities WHERE provider = 'sso' AND subject = ?",
				UUID.class, subject)).isEqualTo(owner.userId());
	}

	@Test
	void signInWhenSignupDisabledAndEmailUnknownThenSignupDisabled() {
		String email = uniqueEmail("nosignup");
		nextIdToken("google", subject(), email, true);

		assertThat(signIn("google")).containsExactly(Map.entry("error", "signup_disabled"));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

	@Test
	void signInWhenSignupDisabledAndAccountExistsThenLinked() {
		String email = uniqueEmail("google");
		Tokens password = registerVerified(email, PASSWORD);
		nextIdToken("google", subject(), email, true);

		assertThat(signInAndExchange("google").userId()).isEqualTo(password.userId());
	}

	@Test
	void signInWhenAccountSuspendedThenAccountDisabled() {
		String email = uniqueEmail("suspended");
		Tokens password = registerVerified(email, PASSWORD);
		this.userStatuses.changeStatus(password.userId(), dev.systemauth.core.account.UserStatus.SUSPENDED);
		nextIdToken("sso", subject(), email, true);

		assertThat(signIn("sso")).containsExactly(Map.entry("error", "account_disabled"));
	}

	@Test
	void workspaceSsoWhenAllowedDomainThenMemberOfTheWorkspaceWithTheRole() {
		ensureSsoWorkspace();
		String email = uniqueEmail("employee", "acme.test");
		nextIdToken("okta", subject(), email, true);

		Tokens tokens = signInAndExchange("okta");

		assertThat(tokens.workspaceId()).isEqualTo(UUID.fromString(SSO_WORKSPACE));
		assertThat(this.workspaces.activeRole(tokens.workspaceId(), tokens.userId())).hasValue(MembershipRole.MEMBER);
		assertThat(this.workspaces.membershipsOf(tokens.userId())).hasSize(1);
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
	}

	@Test
	void workspaceSsoWhenOtherDomainThenEmailDomainNotAllowed() {
		ensureSsoWorkspace();
		String email = uniqueEmail("outsider", "evil.test");
		nextIdToken("okta", subject(), email, true);

		assertThat(signIn("okta")).containsExactly(Map.entry("error", "email_domain_not_allowed"));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

	@Test
	void workspaceSsoWhenSubdomainOrUnverifiedThenEmailDomainNotAllowed() {
		ensureSsoWorkspace();
		nextIdToken("okta", subject(), uniqueEmail("sub", "eu.acme.test"), true);
		assertThat(signIn("okta")).containsExactly(Map.entry("error", "email_domain_not_allowed"));
		nextIdToken("okta", subject(), uniqueEmail("unverified", "acme.test"), false);
		assertThat(signIn("okta")).containsExactly(Map.entry("error", "email_domain_not_allowed"));
	}

	@Test
	void workspaceSsoWhenMemberSuspendedThenNotReactivated() {
		ensureSsoWorkspace();
		String subject = subject();
		String email = uniqueEmail("suspended-member", "acme.test");
		nextIdToken("okta", subject, email, true);
		Tokens tokens = signInAndExchange("okta");
		this.workspaces.suspendMember(tokens.workspaceId(), tokens.userId(), ClientInfo.SERVER);
		nextIdToken("okta", subject, email, true);

		Map<String, String> fragment = signIn("okta");
		DemoClient.Response response = exchange(fragment.get("code"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.code()).isEqualTo("membership_inactive");
	}

	@Test
	void exchangeWhenSeveralWorkspacesThenSelectionRequiredAndCodeStaysUsable() {
		String email = uniqueEmail("two-workspaces");
		Tokens first = registerVerified(email, PASSWORD);
		Workspace second = this.workspaces.createWorkspace("Second", null, ClientInfo.SERVER);
		this.workspaces.addMember(second.id(), first.userId(), MembershipRole.ADMIN, ClientInfo.SERVER);
		nextIdToken("sso", subject(), email, true);
		String code = signIn("sso").get("code");

		DemoClient.Response choose = exchange(code);
		assertThat(choose.status()).isEqualTo(409);
		assertThat(choose.code()).isEqualTo("workspace_selection_required");
		DemoClient.Response chosen = this.http.post("/auth/oauth/exchange",
				DemoClient.json("code", code, "workspaceId", second.id().toString()));

		assertTokenResponse(chosen);
		assertThat(Tokens.of(chosen).workspaceId()).isEqualTo(second.id());
		assertThat(exchange(code).status()).isEqualTo(401);
	}

	@Test
	void authorizeWithWorkspaceThenSessionInThatWorkspaceOnlyIfMember() {
		String email = uniqueEmail("workspace-hint");
		Tokens member = registerVerified(email, PASSWORD);
		Workspace other = this.workspaces.createWorkspace("Not theirs", null, ClientInfo.SERVER);

		nextIdToken("sso", subject(), email, true);
		ProviderBrowser browser = new ProviderBrowser();
		String own = ProviderBrowser.fragment(
				throughProvider(browser, authorize(browser, "sso", "?workspaceId=" + member.workspaceId()))).get("code");
		assertThat(Tokens.of(exchange(own)).workspaceId()).isEqualTo(member.workspaceId());

		nextIdToken("sso", subject(), email, true);
		String foreign = ProviderBrowser.fragment(
				throughProvider(browser, authorize(browser, "sso", "?workspaceId=" + other.id()))).get("code");
		DemoClient.Response refused = exchange(foreign);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("membership_inactive");
	}

	@Test
	void authorizeWhenWorkspaceIdMalformedThenErrorValidationFailed() {
		URI done = ProviderBrowser.location(new ProviderBrowser().get(app("/auth/oauth/sso/authorize?workspaceId=nope")));

		assertThat(done.toString()).isEqualTo(COMPLETE + "error=validation_failed");
	}

	@Autowired
	SessionService sessions;

	private void ensureSsoWorkspace() {
		this.jdbc.update("""
				INSERT INTO auth.workspaces (id, name, slug) VALUES (?::uuid, 'Acme', 'acme-sso')
				ON CONFLICT DO NOTHING""", SSO_WORKSPACE);
	}

}
