package dev.systemauth.core.flow;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.token.AccessTokenClaims;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

class SignupFlowTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private CoreFixture fixture;

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void signupCreatesUserWorkspaceAndOwnerMembership() {
		start(CoreFixture.builder().requireEmailVerification(true));
		SignupResult result = signup("  New.User@Example.TEST ", PASSWORD, null, null);
		Map<String, Object> user = this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT id, email, password_hash, email_verified_at, status FROM ${schema}.users"))
			.query()
			.singleRow();
		assertThat(user.get("id")).isEqualTo(result.userId());
		assertThat(user.get("email")).isEqualTo("new.user@example.test");
		assertThat((String) user.get("password_hash")).startsWith("$2a$04$").doesNotContain(PASSWORD);
		assertThat(user.get("email_verified_at")).isNull();
		assertThat(user.get("status")).isEqualTo("active");
		Map<String, Object> workspace = this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT id, name, slug FROM ${schema}.workspaces"))
			.query()
			.singleRow();
		assertThat(workspace.get("id")).isEqualTo(result.workspaceId());
		assertThat(workspace.get("name")).isEqualTo("new.user's workspace");
		assertThat((String) workspace.get("slug")).matches("new-user-s-workspace-[0-9]{6}");
		Map<String, Object> membership = this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT workspace_id, user_id, role, status FROM ${schema}.workspace_members"))
			.query()
			.singleRow();
		assertThat(membership).containsEntry("workspace_id", result.workspaceId())
			.containsEntry("user_id", result.userId())
			.containsEntry("role", "owner")
			.containsEntry("status", "active");
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'signup' AND user_id = ? AND workspace_id = ?""",
				result.userId(), result.workspaceId())).isEqualTo(1);
	}

	@Test
	void signupWhenVerificationRequiredThenNoTokensAndCodeMailed() {
		start(CoreFixture.builder().requireEmailVerification(true));
		String email = CoreFixture.uniqueEmail();
		SignupResult result = signup(email, PASSWORD, null, null);
		assertThat(result.emailVerificationRequired()).isTrue();
		assertThat(result.tokens()).isNull();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens")).isZero();
		AuthMail mail = this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION);
		assertThat(CoreFixture.Mailbox.code(mail)).matches("[0-9]{6}");
	}

	@Test
	void signupWhenVerificationNotRequiredThenTokensForTheNewWorkspace() {
		start(CoreFixture.builder().requireEmailVerification(false));
		SignupResult result = signup(CoreFixture.uniqueEmail(), PASSWORD, null, null);
		assertThat(result.emailVerificationRequired()).isFalse();
		assertThat(result.tokens()).isNotNull();
		assertThat(result.tokens().userId()).isEqualTo(result.userId());
		assertThat(result.tokens().workspaceId()).isEqualTo(result.workspaceId());
		AccessTokenClaims claims = this.fixture.accessTokens().verify(result.tokens().accessToken());
		assertThat(claims.userId()).isEqualTo(result.userId());
		assertThat(claims.workspaceId()).isEqualTo(result.workspaceId());
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.refresh_tokens WHERE user_id = ?",
				result.userId())).isEqualTo(1);
	}

	@Test
	void signupWhenWorkspaceNameAndSlugGivenThenUsed() {
		start(CoreFixture.builder());
		SignupResult result = signup(CoreFixture.uniqueEmail(), PASSWORD, "Acme Corp", "acme");
		assertThat(this.fixture.workspaces().findWorkspace(result.workspaceId())).hasValueSatisfying((workspace) -> {
			assertThat(workspace.name()).isEqualTo("Acme Corp");
			assertThat(workspace.slug()).isEqualTo("acme");
		});
	}

	@Test
	void signupWhenEmailTakenInOtherCaseThenEmailTaken() {
		start(CoreFixture.builder());
		signup("alice@example.test", PASSWORD, null, null);
		assertAuthError(() -> signup("ALICE@Example.Test", "another good passphrase", null, null),
				AuthErrorCode.EMAIL_TAKEN);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users WHERE lower(email) = 'alice@example.test'"))
			.isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspace_members")).isEqualTo(1);
	}

	@Test
	void signupWhenTwentyConcurrentWithSameEmailThenExactlyOneAccount() throws Exception {
		start(CoreFixture.builder());
		List<Race.Attempt<SignupResult>> attempts = Race.run(20,
				(i) -> signup((i % 2 == 0) ? "race@example.test" : "Race@Example.TEST", PASSWORD, null, null));
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded()).hasSize(19).allSatisfy((attempt) -> {
			assertThat(attempt.error()).isInstanceOf(AuthException.class);
			assertThat(((AuthException) attempt.error()).getErrorCode()).isEqualTo(AuthErrorCode.EMAIL_TAKEN);
		});
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspace_members")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens")).isEqualTo(1);
		assertThat(this.fixture.mailbox().all()).hasSize(1);
	}

	@Test
	void signupWhenSlugTakenThenWorkspaceSlugTakenAndNoUserLeftBehind() {
		start(CoreFixture.builder());
		signup(CoreFixture.uniqueEmail(), PASSWORD, "Acme", "acme");
		String second = CoreFixture.uniqueEmail();
		assertAuthError(() -> signup(second, PASSWORD, "Acme again", "acme"), AuthErrorCode.WORKSPACE_SLUG_TAKEN);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users WHERE email = ?", second)).isZero();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspaces")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspace_members")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'signup'"))
			.isEqualTo(1);
		assertThat(this.fixture.mailbox().to(second)).isEmpty();
		// the email is still free
		assertThat(signup(second, PASSWORD, "Acme again", "acme-2").userId()).isNotNull();
	}

	@Test
	void signupWhenTenConcurrentWithSameSlugThenOneWorkspaceAndNoOrphans() throws Exception {
		start(CoreFixture.builder());
		List<Race.Attempt<SignupResult>> attempts = Race.run(10,
				(i) -> signup("slug-race-" + i + "@example.test", PASSWORD, "Shared", "shared"));
		assertThat(attempts).filteredOn(Race.Attempt::succeeded).hasSize(1);
		assertThat(attempts).filteredOn((attempt) -> !attempt.succeeded()).hasSize(9).allSatisfy((attempt) -> {
			assertThat(attempt.error()).isInstanceOf(AuthException.class);
			assertThat(((AuthException) attempt.error()).getErrorCode())
				.isEqualTo(AuthErrorCode.WORKSPACE_SLUG_TAKEN);
		});
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.users")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.workspace_members")).isEqualTo(1);
	}

	@Test
	void signupWhenWeakPasswordThenWeakPasswordAndNothingWritten() {
		start(CoreFixture.builder());
		String email = CoreFixture.uniqueEmail();
		AuthException ex = assertAuthError(() -> signup(email, "password123", null, null),
				AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "too_common");
		assertAuthError(() -> signup(email, "short", null, null), AuthErrorCode.WEAK_PASSWORD);
		assertNothingWritten();
	}

	@Test
	void signupWhenBreachedPasswordOutsideTheOldListThenWeakPasswordAndNothingWritten() {
		// issue 10 item 12: password1234 and its cousins were accepted
		start(CoreFixture.builder());
		for (String breached : List.of("password1234", "Password12345", "qwerty1234")) {
			AuthException ex = assertAuthError(() -> signup(CoreFixture.uniqueEmail(), breached, null, null),
					AuthErrorCode.WEAK_PASSWORD);
			assertThat(ex.getProperties()).containsEntry("reason", "too_common");
		}
		assertNothingWritten();
	}

	@Test
	void signupWhenPasswordContainsEmailLocalPartThenWeakPasswordAndNothingWritten() {
		start(CoreFixture.builder());
		AuthException ex = assertAuthError(
				() -> signup("Marguerite.Okafor@example.test", "okafor family 1975", null, null),
				AuthErrorCode.WEAK_PASSWORD);
		assertThat(ex.getProperties()).containsEntry("reason", "contains_email");
		assertAuthError(() -> signup("marguerite.okafor@example.test", "MargueriteOkafor!", null, null),
				AuthErrorCode.WEAK_PASSWORD);
		assertNothingWritten();
		// the same password is fine for an account it says nothing about
		assertThat(signup(CoreFixture.uniqueEmail(), "okafor family 1975", null, null).userId()).isNotNull();
	}

	@Test
	void signupWhenInvalidSlugThenValidationFailedAndNothingWritten() {
		start(CoreFixture.builder());
		AuthException ex = assertAuthError(() -> signup(CoreFixture.uniqueEmail(), PASSWORD, "Acme", "Not A Slug"),
				AuthErrorCode.VALIDATION_FAILED);
		assertThat(ex.getProperties()).containsEntry("field", "workspaceSlug");
		assertNothingWritten();
	}

	@Test
	void signupWhenInvalidEmailOrMissingPasswordThenValidationFailed() {
		start(CoreFixture.builder());
		AuthException email = assertAuthError(() -> signup("not-an-email", PASSWORD, null, null),
				AuthErrorCode.VALIDATION_FAILED);
		assertThat(email.getProperties()).containsEntry("field", "email");
		AuthException password = assertAuthError(() -> signup(CoreFixture.uniqueEmail(), null, null, null),
				AuthErrorCode.VALIDATION_FAILED);
		assertThat(password.getProperties()).containsEntry("field", "password");
		assertNothingWritten();
	}

	@Test
	void signupNeverStoresThePasswordOrCode() {
		start(CoreFixture.builder());
		String email = CoreFixture.uniqueEmail();
		SignupResult result = signup(email, PASSWORD, null, null);
		String code = CoreFixture.Mailbox.code(this.fixture.mailbox().last(email, AuthMail.Type.EMAIL_VERIFICATION));
		String tokenHash = this.fixture.jdbc()
			.sql(this.fixture.sql("SELECT token_hash FROM ${schema}.email_verification_tokens WHERE user_id = ?"))
			.param(result.userId())
			.query(String.class)
			.single();
		assertThat(tokenHash).isNotEqualTo(code).doesNotContain(code);
		assertThat(this.fixture.passwordHasher()
			.matches(PASSWORD, this.fixture.accounts().findById(result.userId()).orElseThrow().passwordHash()))
			.isTrue();
	}

	private void assertNothingWritten() {
		for (String table : List.of("users", "workspaces", "workspace_members", "email_verification_tokens",
				"refresh_tokens", "audit_logs")) {
			assertThat(this.fixture.count("SELECT count(*) FROM ${schema}." + table)).as(table).isZero();
		}
		assertThat(this.fixture.mailbox().all()).isEmpty();
	}

	private void start(CoreFixture.Builder builder) {
		this.fixture = builder.build();
	}

	private SignupResult signup(String email, String password, String workspaceName, String workspaceSlug) {
		return this.fixture.signupFlow()
			.signup(new AuthRequests.Signup(email, password, workspaceName, workspaceSlug), CLIENT);
	}

}
