package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.account.UserStatus;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.passkey.PasskeyCredentialStore;
import dev.systemauth.core.passkey.PasskeySettings;
import dev.systemauth.core.passkey.WebAuthnCeremonies;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passkey flows against a real PostgreSQL with a controllable clock: challenge expiry and pruning,
 * authenticators without a counter, the account and workspace checks of a password login, and the
 * {@code mfaToken}'s attempt limit. The HTTP ceremonies and attacker paths are in the demo app's
 * {@code PasskeysTests}.
 */
class PasskeyFlowTests {

	private static final String PASSWORD = "mfa-flow-passphrase";

	private static final String ORIGIN = "https://app.example.test";

	private CoreFixture fixture;

	private PasskeyRegistrationFlow registration;

	private PasskeySignInFlow signIn;

	private PasskeyManagementFlow management;

	private MfaStores mfa;

	private MfaSettings mfaSettings;

	private TokenPair user;

	private SoftwareAuthenticator device;

	@BeforeEach
	void setUp() {
		this.fixture = CoreFixture.create();
		PasskeyStores stores = new PasskeyStores(new PasskeyCredentialStore(this.fixture.database()),
				new PasskeyChallengeStore(this.fixture.database()), new WebAuthnCeremonies(new PasskeySettings(
						"example.test", "Example", List.of(ORIGIN), Duration.ofMinutes(5))),
				this.fixture.tokenHasher());
		AbuseGuard abuse = AbuseGuard.disabled(new ThrottleStore(this.fixture.database()), this.fixture.tokenHasher(),
				this.fixture.clock());
		this.mfa = new MfaStores(new TotpStore(this.fixture.database()), new RecoveryCodeStore(this.fixture.database()),
				new MfaChallengeStore(this.fixture.database()), new SecretCipher(new byte[32], List.of()), new Totp(),
				this.fixture.tokenHasher());
		this.mfaSettings = MfaSettings.defaults("Example");
		this.registration = new PasskeyRegistrationFlow(this.fixture.database(), this.fixture.accounts(), stores,
				this.fixture.auditLog(), this.fixture.clock());
		this.signIn = new PasskeySignInFlow(this.fixture.database(), this.fixture.accounts(), this.fixture.workspaces(),
				this.fixture.sessions(), stores, this.fixture.auditLog(), abuse, this.fixture.settings(), this.mfa,
				this.mfaSettings, this.fixture.clock());
		this.management = new PasskeyManagementFlow(this.fixture.database(), stores, this.fixture.auditLog());
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.fixture.accounts()
			.markEmailVerified(this.fixture.accounts().findByEmail(email).orElseThrow().id(),
					this.fixture.clock().instant());
		this.user = this.fixture.login(email, PASSWORD);
		this.device = new SoftwareAuthenticator(ORIGIN, "example.test");
		this.registration.verify(this.user.userId(), this.device.create(this.registration.options(this.user.userId())),
				CLIENT);
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
	}

	@Test
	void signInWhenChallengeExpiredThenInvalidChallenge() {
		PasskeyOptions.Request options = this.signIn.options(null, CLIENT);
		this.fixture.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
		assertAuthError(() -> this.signIn.verify(this.device.get(options, 1, null, null), CLIENT),
				AuthErrorCode.INVALID_CHALLENGE);
	}

	@Test
	void registerWhenChallengeExpiredThenInvalidChallenge() {
		PasskeyOptions.Creation options = this.registration.options(this.user.userId());
		this.fixture.clock().advance(Duration.ofMinutes(6));
		SoftwareAuthenticator second = new SoftwareAuthenticator(ORIGIN, "example.test");
		assertAuthError(() -> this.registration.verify(this.user.userId(), second.create(options), CLIENT),
				AuthErrorCode.INVALID_CHALLENGE);
	}

	@Test
	void optionsWhenEarlierChallengesExpiredThenTheyArePruned() {
		this.signIn.options(null, CLIENT);
		this.signIn.options(null, CLIENT);
		this.fixture.clock().advance(Duration.ofMinutes(10));
		this.signIn.options(null, CLIENT);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.passkey_challenges")).isEqualTo(1);
	}

	@Test
	void signInWhenAuthenticatorKeepsNoCounterThenZeroIsAcceptedEachTime() {
		assertThat(this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 0, null, null), CLIENT)
			.tokens()
			.userId()).isEqualTo(this.user.userId());
		assertThat(this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 0, null, null), CLIENT)
			.tokens()
			.userId()).isEqualTo(this.user.userId());
		// once a counter was seen, zero is a regression
		this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 4, null, null), CLIENT);
		assertAuthError(() -> this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 0, null, null),
				CLIENT), AuthErrorCode.INVALID_CREDENTIALS);
	}

	@Test
	void signInWhenAccountSuspendedThenAccountDisabled() {
		this.fixture.accounts().updateStatus(this.user.userId(), UserStatus.SUSPENDED, this.fixture.clock().instant());
		assertAuthError(() -> this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 1, null, null),
				CLIENT), AuthErrorCode.ACCOUNT_DISABLED);
	}

	@Test
	void signInWhenSeveralWorkspacesThenChoiceRequiredLikeAPasswordLogin() {
		Workspace other = this.fixture.workspaces().createWorkspace("Second", null, CLIENT);
		this.fixture.workspaces().addMember(other.id(), this.user.userId(), MembershipRole.MEMBER, CLIENT);
		assertAuthError(() -> this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 1, null, null),
				CLIENT), AuthErrorCode.WORKSPACE_SELECTION_REQUIRED);
		assertThat(this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 2, other.id(), null), CLIENT)
			.tokens()
			.workspaceId()).isEqualTo(other.id());
		UUID stranger = UUID.randomUUID();
		assertAuthError(() -> this.signIn.verify(this.device.get(this.signIn.options(null, CLIENT), 3, stranger, null),
				CLIENT), AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void secondFactorWhenFailuresReachTheLimitThenTheMfaTokenIsDead() {
		String mfaToken = mfaToken();
		for (int i = 0; i < this.mfaSettings.maxFailedAttempts(); i++) {
			// a challenge for the usernameless sign-in is not one for this mfaToken: a failed attempt
			PasskeyOptions.Request usernameless = this.signIn.options(null, CLIENT);
			assertAuthError(() -> this.signIn.verify(this.device.get(usernameless, 10, null, mfaToken), CLIENT),
					AuthErrorCode.INVALID_CHALLENGE);
		}
		assertAuthError(() -> this.signIn.options(mfaToken, CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void secondFactorWhenVerifiedThenSessionInTheChallengesWorkspaceAndTokenSpent() {
		String mfaToken = mfaToken();
		PasskeyOptions.Request options = this.signIn.options(mfaToken, CLIENT);
		assertThat(options.allowCredentials()).hasSize(1);
		TokenPair tokens = this.signIn.verify(this.device.get(options, 1, null, mfaToken), CLIENT).tokens();
		assertThat(tokens.workspaceId()).isEqualTo(this.user.workspaceId());
		assertAuthError(() -> this.signIn.options(mfaToken, CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void registerWhenAtTheLimitThenPasskeyLimitReachedUntilOneIsDeleted() {
		for (int i = 2; i < PasskeyRegistrationFlow.MAX_PASSKEYS; i++) {
			this.registration.verify(this.user.userId(), new SoftwareAuthenticator(ORIGIN, "example.test")
				.create(this.registration.options(this.user.userId())), CLIENT);
		}
		// two ceremonies started with room for one: the second is refused when it completes
		PasskeyOptions.Creation first = this.registration.options(this.user.userId());
		PasskeyOptions.Creation second = this.registration.options(this.user.userId());
		this.registration.verify(this.user.userId(), new SoftwareAuthenticator(ORIGIN, "example.test").create(first),
				CLIENT);
		assertAuthError(() -> this.registration.verify(this.user.userId(),
				new SoftwareAuthenticator(ORIGIN, "example.test").create(second), CLIENT),
				AuthErrorCode.PASSKEY_LIMIT_REACHED);
		assertThat(this.management.list(this.user.userId())).hasSize(PasskeyRegistrationFlow.MAX_PASSKEYS);
		assertAuthError(() -> this.registration.options(this.user.userId()), AuthErrorCode.PASSKEY_LIMIT_REACHED);
		this.management.delete(this.user.userId(), this.management.list(this.user.userId()).get(0).passkeyId(), CLIENT);
		this.registration.verify(this.user.userId(), new SoftwareAuthenticator(ORIGIN, "example.test")
			.create(this.registration.options(this.user.userId())), CLIENT);
	}

	@Test
	void deleteWhenNotTheOwnersThenNotFound() {
		UUID passkeyId = this.management.list(this.user.userId()).get(0).passkeyId();
		assertAuthError(() -> this.management.delete(UUID.randomUUID(), passkeyId, CLIENT), AuthErrorCode.NOT_FOUND);
		this.management.delete(this.user.userId(), passkeyId, CLIENT);
		assertThat(this.management.list(this.user.userId())).isEmpty();
		assertAuthError(() -> this.management.delete(this.user.userId(), passkeyId, CLIENT), AuthErrorCode.NOT_FOUND);
	}

	private String mfaToken() {
		MfaChallenges challenges = new MfaChallenges(this.mfa.totp(), this.mfa.challenges(), this.mfa.hasher(),
				this.fixture.auditLog(), new ThrottleStore(this.fixture.database()), this.mfaSettings,
				this.fixture.clock(), (userId) -> List.of("passkey"));
		SignInResult.MfaChallenge challenge = challenges.issue(this.user.userId(), this.user.workspaceId(), CLIENT,
				null, dev.systemauth.core.throttle.ThrottleSettlement.NONE);
		assertThat(challenge.methods()).containsExactly("totp", "recovery_code", "passkey");
		return challenge.mfaToken();
	}

}
