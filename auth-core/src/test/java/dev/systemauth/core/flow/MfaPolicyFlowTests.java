package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettings;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace MFA policy against a real PostgreSQL with a controllable clock: the rules of a change, the
 * sessions it ends, the sign-in diversion, the enrolment token's expiry and attempt limit, and the checks of
 * disable. The HTTP behaviour is in the demo app's {@code MfaPolicyTests}.
 */
class MfaPolicyFlowTests {

	private static final String PASSWORD = "mfa-flow-passphrase";

	private CoreFixture fixture;

	private MfaEnrolmentFlow enrolment;

	private MfaPolicy policy;

	private PolicyEnrolmentFlow policyEnrolment;

	private SignInFlow signIn;

	private String ownerEmail;

	private TokenPair owner;

	private String memberEmail;

	private TokenPair member;

	@BeforeEach
	void setUp() {
		this.fixture = CoreFixture.create();
		MfaStores stores = new MfaStores(new TotpStore(this.fixture.database()),
				new RecoveryCodeStore(this.fixture.database()), new MfaChallengeStore(this.fixture.database()),
				new SecretCipher(new byte[32], List.of()), new Totp(), this.fixture.tokenHasher());
		AbuseGuard abuse = AbuseGuard.disabled(new ThrottleStore(this.fixture.database()), this.fixture.tokenHasher(),
				this.fixture.clock());
		MfaSettings settings = MfaSettings.defaults("Example");
		this.policy = new MfaPolicy(this.fixture.database(), this.fixture.workspaces(), stores.totp());
		this.enrolment = new MfaEnrolmentFlow(this.fixture.database(), this.fixture.accounts(), stores,
				this.fixture.auditLog(), abuse, settings, this.fixture.clock(), this.policy);
		MfaEnrolmentTokenStore tokenStore = new MfaEnrolmentTokenStore(this.fixture.database());
		MfaEnrolmentTokens enrolments = new MfaEnrolmentTokens(this.fixture.database(), this.policy, tokenStore,
				this.fixture.tokenHasher(), this.fixture.auditLog(), new ThrottleStore(this.fixture.database()),
				this.fixture.clock());
		this.policyEnrolment = new PolicyEnrolmentFlow(this.fixture.database(), this.fixture.accounts(),
				this.fixture.workspaces(), this.fixture.sessions(), this.enrolment, tokenStore, stores,
				this.fixture.auditLog(), abuse, settings, this.fixture.clock());
		SignInCompletion completion = new SignInCompletion(this.fixture.sessions(),
				new MfaChallenges(stores.totp(), stores.challenges(), stores.hasher(), this.fixture.auditLog(),
						new ThrottleStore(this.fixture.database()), settings, this.fixture.clock()),
				enrolments);
		this.signIn = new SignInFlow(this.fixture.accounts(), this.fixture.workspaces(), this.fixture.sessions(),
				this.fixture.passwordHasher(), this.fixture.auditLog(), this.fixture.settings(), abuse, completion);
		this.ownerEmail = CoreFixture.uniqueEmail();
		this.owner = verifiedLogin(this.ownerEmail);
		this.memberEmail = CoreFixture.uniqueEmail();
		TokenPair own = verifiedLogin(this.memberEmail);
		this.fixture.workspaces().addMember(this.owner.workspaceId(), own.userId(), MembershipRole.MEMBER, CLIENT);
		this.member = login(this.memberEmail, this.owner.workspaceId()).tokens();
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
	}

	@Test
	void changeWhenOwnerWithoutSecondFactorThenMfaNotEnabled() {
		assertAuthError(() -> this.policy.change(workspace(), this.owner.userId(), true, CLIENT),
				AuthErrorCode.MFA_NOT_ENABLED);
		assertThat(this.policy.read(workspace()).mfaRequired()).isFalse();
	}

	@Test
	void changeWhenNotOwnerThenForbiddenRoleAndWhenNotMemberThenMembershipInactive() {
		enrol(this.member.userId());
		assertAuthError(() -> this.policy.change(workspace(), this.member.userId(), true, CLIENT),
				AuthErrorCode.FORBIDDEN_ROLE);
		assertAuthError(() -> this.policy.change(workspace(), UUID.randomUUID(), true, CLIENT),
				AuthErrorCode.MEMBERSHIP_INACTIVE);
		assertAuthError(() -> this.policy.change(UUID.randomUUID(), this.owner.userId(), true, CLIENT),
				AuthErrorCode.MEMBERSHIP_INACTIVE);
	}

	@Test
	void changeWhenTurnedOnThenSessionsOfMembersWithoutASecondFactorEndAndTheOwnersStays() {
		enrol(this.owner.userId());
		assertThat(this.policy.change(workspace(), this.owner.userId(), true, CLIENT).mfaRequired()).isTrue();
		assertThat(this.fixture.workspaces().access(sid(this.member), workspace(), this.member.userId()).sessionLive())
			.isFalse();
		assertThat(this.fixture.workspaces().access(sid(this.owner), workspace(), this.owner.userId()).sessionLive())
			.isTrue();
		// setting the same value again changes and audits nothing
		this.policy.change(workspace(), this.owner.userId(), true, CLIENT);
		assertThat(this.fixture.jdbc()
			.sql("SELECT count(*) FROM auth.audit_logs WHERE event_type = 'workspace_mfa_policy_changed'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void loginWhenWorkspaceRequiresMfaThenEnrolmentTokenThatExpiresAfterTenMinutes() {
		requireMfa();
		SignInResult result = login(this.memberEmail, workspace());
		assertThat(result.tokens()).isNull();
		assertThat(result.challenge()).isNull();
		assertThat(result.enrolment().expiresIn()).isEqualTo(600);
		String token = result.enrolment().enrolmentToken();
		assertThat(this.policyEnrolment.enroll(token, CLIENT).secret()).isNotBlank();
		this.fixture.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
		assertAuthError(() -> this.policyEnrolment.enroll(token, CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void loginWhenWorkspaceDoesNotRequireMfaThenTokensEvenWithoutASecondFactor() {
		assertThat(login(this.memberEmail, workspace()).tokens()).isNotNull();
	}

	@Test
	void confirmWhenRightCodeThenRecoveryCodesAndASessionInTheTokensWorkspaceOnce() {
		requireMfa();
		String token = login(this.memberEmail, workspace()).enrolment().enrolmentToken();
		byte[] secret = Base32.decode(this.policyEnrolment.enroll(token, CLIENT).secret());
		PolicyEnrolmentFlow.Enrolled enrolled = this.policyEnrolment.confirm(token, code(secret, 0), CLIENT);
		assertThat(enrolled.recoveryCodes()).hasSize(10);
		assertThat(enrolled.tokens().workspaceId()).isEqualTo(workspace());
		assertThat(enrolled.tokens().userId()).isEqualTo(this.member.userId());
		assertAuthError(() -> this.policyEnrolment.confirm(token, code(secret, 1), CLIENT),
				AuthErrorCode.INVALID_TOKEN);
		assertThat(login(this.memberEmail, workspace()).challenge()).isNotNull();
	}

	@Test
	void confirmWhenFiveWrongCodesThenTheTokenIsDead() {
		requireMfa();
		String token = login(this.memberEmail, workspace()).enrolment().enrolmentToken();
		byte[] secret = Base32.decode(this.policyEnrolment.enroll(token, CLIENT).secret());
		for (int i = 0; i < 5; i++) {
			assertAuthError(() -> this.policyEnrolment.confirm(token, "000000x", CLIENT), AuthErrorCode.INVALID_CODE);
		}
		assertAuthError(() -> this.policyEnrolment.confirm(token, code(secret, 0), CLIENT),
				AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void confirmWhenMembershipEndedMeanwhileThenInvalidTokenAndNoSession() {
		requireMfa();
		String token = login(this.memberEmail, workspace()).enrolment().enrolmentToken();
		byte[] secret = Base32.decode(this.policyEnrolment.enroll(token, CLIENT).secret());
		this.fixture.workspaces().suspendMember(workspace(), this.member.userId(), CLIENT);
		assertAuthError(() -> this.policyEnrolment.confirm(token, code(secret, 0), CLIENT),
				AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void enrollAndConfirmWhenTokensGuessedThenTheClientsIpIsThrottled() {
		AbuseGuard limited = new AbuseGuard(new ThrottleStore(this.fixture.database()), this.fixture.tokenHasher(),
				new ThrottleSettings(true, 5, Duration.ofMinutes(15), 3, Duration.ofMinutes(5), 5, Duration.ofHours(1),
						30),
				this.fixture.clock());
		MfaStores stores = new MfaStores(new TotpStore(this.fixture.database()),
				new RecoveryCodeStore(this.fixture.database()), new MfaChallengeStore(this.fixture.database()),
				new SecretCipher(new byte[32], List.of()), new Totp(), this.fixture.tokenHasher());
		PolicyEnrolmentFlow flow = new PolicyEnrolmentFlow(this.fixture.database(), this.fixture.accounts(),
				this.fixture.workspaces(), this.fixture.sessions(), this.enrolment,
				new MfaEnrolmentTokenStore(this.fixture.database()), stores, this.fixture.auditLog(), limited,
				MfaSettings.defaults("Example"), this.fixture.clock());
		assertAuthError(() -> flow.enroll("guess-1", CLIENT), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> flow.confirm("guess-2", "123456", CLIENT), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> flow.enroll("guess-3", CLIENT), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> flow.enroll("guess-4", CLIENT), AuthErrorCode.TOO_MANY_REQUESTS);
		assertAuthError(() -> flow.confirm("guess-5", "123456", CLIENT), AuthErrorCode.TOO_MANY_REQUESTS);
	}

	@Test
	void disableWhenAWorkspaceRequiresMfaThenRefusedAndOtherwiseAllowed() {
		byte[] secret = enrol(this.owner.userId());
		this.policy.change(workspace(), this.owner.userId(), true, CLIENT);
		assertAuthError(() -> this.enrolment.disable(this.owner.userId(), code(secret, 0), CLIENT),
				AuthErrorCode.MFA_REQUIRED_BY_WORKSPACE);
		this.policy.change(workspace(), this.owner.userId(), false, CLIENT);
		this.enrolment.disable(this.owner.userId(), code(secret, 0), CLIENT);
	}

	@Test
	void requireSatisfiedWhenWorkspaceRequiresMfaAndUserHasNoneThenMfaEnrolmentRequired() {
		requireMfa();
		assertAuthError(() -> this.fixture.database()
			.inTransaction(() -> this.policy.requireSatisfied(this.member.userId(), workspace())),
				AuthErrorCode.MFA_ENROLMENT_REQUIRED);
		this.fixture.database().inTransaction(() -> this.policy.requireSatisfied(this.owner.userId(), workspace()));
	}

	@Test
	void loginWhilePolicyChangeUncommittedThenWaitsAndGetsTheEnrolmentToken() throws Exception {
		enrol(this.owner.userId());
		CountDownLatch changed = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<?> change = executor.submit(() -> this.fixture.database().inTransaction(() -> {
				this.policy.change(workspace(), this.owner.userId(), true, CLIENT);
				changed.countDown();
				await(release);
			}));
			assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
			Future<SignInResult> login = executor.submit(() -> login(this.memberEmail, workspace()));
			Thread.sleep(500);
			release.countDown();
			change.get(10, TimeUnit.SECONDS);
			SignInResult result = login.get(10, TimeUnit.SECONDS);
			assertThat(result.tokens()).as("a session started past the policy change").isNull();
			assertThat(result.enrolment()).isNotNull();
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
		assertThat(liveSessionsOfMember()).isZero();
	}

	@Test
	void policyChangeWhileADisableIsUncommittedThenWaitsAndEndsTheSessionsOfTheMemberWhoDisabled() throws Exception {
		enrol(this.owner.userId());
		byte[] secret = enrol(this.member.userId());
		TokenPair session = this.member;
		CountDownLatch disabled = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<?> disable = executor.submit(() -> this.fixture.database().inTransaction(() -> {
				this.enrolment.disable(this.member.userId(), code(secret, 0), CLIENT);
				disabled.countDown();
				await(release);
			}));
			assertThat(disabled.await(10, TimeUnit.SECONDS)).isTrue();
			Future<?> change = executor.submit(() -> this.policy.change(workspace(), this.owner.userId(), true, CLIENT));
			Thread.sleep(500);
			release.countDown();
			disable.get(10, TimeUnit.SECONDS);
			change.get(10, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
		assertThat(this.fixture.workspaces().access(sid(session), workspace(), this.member.userId()).sessionLive())
			.as("the session of a member who gave up the second factor under the change").isFalse();
	}

	private long liveSessionsOfMember() {
		return this.fixture.jdbc()
			.sql("SELECT count(*) FROM auth.sessions WHERE user_id = ? AND workspace_id = ? AND revoked_at IS NULL")
			.params(this.member.userId(), workspace())
			.query(Long.class)
			.single();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void requireMfa() {
		enrol(this.owner.userId());
		this.policy.change(workspace(), this.owner.userId(), true, CLIENT);
	}

	/** Enrols and confirms TOTP for the user; returns the secret. */
	private byte[] enrol(UUID userId) {
		byte[] secret = Base32.decode(this.enrolment.enroll(userId, CLIENT).secret());
		this.enrolment.confirm(userId, code(secret, -1), CLIENT);
		return secret;
	}

	private TokenPair verifiedLogin(String email) {
		SignupResult signedUp = this.fixture.signup(email, PASSWORD);
		this.fixture.accounts().markEmailVerified(signedUp.userId(), this.fixture.clock().instant());
		return this.fixture.login(email, PASSWORD);
	}

	private SignInResult login(String email, UUID workspaceId) {
		return this.signIn.loginOrChallenge(new AuthRequests.Login(email, PASSWORD, workspaceId), CLIENT);
	}

	private UUID workspace() {
		return this.owner.workspaceId();
	}

	private UUID sid(TokenPair tokens) {
		return this.fixture.accessTokens().verify(tokens.accessToken()).sessionId();
	}

	private String code(byte[] secret, int offset) {
		return Totp.code(secret, Totp.step(this.fixture.clock().instant()) + offset, Totp.DIGITS);
	}

}
