package dev.systemauth.core.flow;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MFA flows against a real PostgreSQL with a controllable clock: expiry, the attempt limit, replay within
 * a step, and the equal work for an unknown token and a wrong code. The HTTP behaviour is in the demo app's
 * {@code MfaTests}.
 */
class MfaFlowTests {

	private static final String PASSWORD = "mfa-flow-passphrase";

	private CoreFixture fixture;

	private CountingTotp totp;

	private MfaEnrolmentFlow enrolment;

	private MfaVerificationFlow verification;

	private SignInFlow signIn;

	private String email;

	private byte[] secret;

	@BeforeEach
	void setUp() {
		this.fixture = CoreFixture.create();
		this.totp = new CountingTotp();
		MfaStores stores = new MfaStores(new TotpStore(this.fixture.database()),
				new RecoveryCodeStore(this.fixture.database()), new MfaChallengeStore(this.fixture.database()),
				new SecretCipher(new byte[32], List.of()), this.totp, this.fixture.tokenHasher());
		AbuseGuard abuse = AbuseGuard.disabled(new ThrottleStore(this.fixture.database()), this.fixture.tokenHasher(),
				this.fixture.clock());
		MfaSettings settings = MfaSettings.defaults("Example");
		this.enrolment = new MfaEnrolmentFlow(this.fixture.database(), this.fixture.accounts(), stores,
				this.fixture.auditLog(), abuse, settings, this.fixture.clock());
		this.verification = new MfaVerificationFlow(this.fixture.database(), this.fixture.accounts(),
				this.fixture.workspaces(), this.fixture.sessions(), stores, this.fixture.auditLog(), abuse, settings,
				this.fixture.clock());
		SignInCompletion completion = new SignInCompletion(this.fixture.sessions(),
				new MfaChallenges(stores.totp(), stores.challenges(), stores.hasher(), this.fixture.auditLog(),
						new ThrottleStore(this.fixture.database()), settings, this.fixture.clock()));
		this.signIn = new SignInFlow(this.fixture.accounts(), this.fixture.workspaces(), this.fixture.sessions(),
				this.fixture.passwordHasher(), this.fixture.auditLog(), this.fixture.settings(), abuse, completion);
		this.email = CoreFixture.uniqueEmail();
		SignupResult signedUp = this.fixture.signup(this.email, PASSWORD);
		this.fixture.accounts().markEmailVerified(signedUp.userId(), this.fixture.clock().instant());
		TokenPair first = this.fixture.login(this.email, PASSWORD);
		MfaEnrolmentFlow.TotpEnrolment enrolled = this.enrolment.enroll(first.userId(), CLIENT);
		this.secret = Base32.decode(enrolled.secret());
		List<String> recovery = this.enrolment.confirm(first.userId(), code(-1), CLIENT);
		assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
	}

	@AfterEach
	void tearDown() {
		this.fixture.close();
	}

	@Test
	void loginWhenMfaConfirmedThenChallengeAndNoSession() {
		SignInResult result = login();
		assertThat(result.tokens()).isNull();
		assertThat(result.challenge().methods()).containsExactly("totp", "recovery_code");
		assertThat(result.challenge().expiresIn()).isEqualTo(300);
		assertAuthError(() -> this.signIn.login(new AuthRequests.Login(this.email, PASSWORD, null), CLIENT),
				AuthErrorCode.ACCESS_DENIED);
	}

	@Test
	void verifyWhenTokenExpiredThenInvalidToken() {
		String token = login().challenge().mfaToken();
		this.fixture.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
		assertAuthError(() -> this.verification.verify(token, code(0), CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenFiveWrongCodesThenEvenTheRightCodeIsInvalidToken() {
		String token = login().challenge().mfaToken();
		for (int i = 0; i < 5; i++) {
			assertAuthError(() -> this.verification.verify(token, "000000x", CLIENT), AuthErrorCode.INVALID_CODE);
		}
		assertAuthError(() -> this.verification.verify(token, code(0), CLIENT), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void verifyWhenCodeReplayedInTheSameStepThenInvalidCode() {
		String code = code(0);
		assertThat(this.verification.verify(login().challenge().mfaToken(), code, CLIENT).accessToken()).isNotBlank();
		assertAuthError(() -> this.verification.verify(login().challenge().mfaToken(), code, CLIENT),
				AuthErrorCode.INVALID_CODE);
	}

	@Test
	void verifyWhenCodeOfAnEarlierStepThanTheLastUsedThenInvalidCode() {
		assertThat(this.verification.verify(login().challenge().mfaToken(), code(1), CLIENT).accessToken()).isNotBlank();
		assertAuthError(() -> this.verification.verify(login().challenge().mfaToken(), code(0), CLIENT),
				AuthErrorCode.INVALID_CODE);
	}

	@Test
	void verifyWhenTokenUnknownThenTheSameCodeWorkAsAWrongCode() {
		String token = login().challenge().mfaToken();
		this.totp.calls.set(0);
		assertAuthError(() -> this.verification.verify(token, "123456", CLIENT), AuthErrorCode.INVALID_CODE);
		int wrongCode = this.totp.calls.getAndSet(0);
		assertAuthError(() -> this.verification.verify("unknown-" + token, "123456", CLIENT),
				AuthErrorCode.INVALID_TOKEN);
		int unknownToken = this.totp.calls.get();
		assertThat(wrongCode).isEqualTo(1);
		assertThat(unknownToken).isEqualTo(wrongCode);
	}

	@Test
	void verifyWhenStepLaterThenAcceptedAfterTheClockMoves() {
		this.verification.verify(login().challenge().mfaToken(), code(1), CLIENT);
		this.fixture.clock().advance(Duration.ofSeconds(Totp.STEP_SECONDS * 2L));
		assertThat(this.verification.verify(login().challenge().mfaToken(), code(0), CLIENT).accessToken()).isNotBlank();
	}

	private SignInResult login() {
		return this.signIn.loginOrChallenge(new AuthRequests.Login(this.email, PASSWORD, null), CLIENT);
	}

	private String code(int offset) {
		return Totp.code(this.secret, Totp.step(this.fixture.clock().instant()) + offset, Totp.DIGITS);
	}

	/** Counts the TOTP checks a flow makes. */
	static final class CountingTotp extends Totp {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public long matchingStep(byte[] secret, String code, long currentStep) {
			this.calls.incrementAndGet();
			return super.matchingStep(secret, code, currentStep);
		}

	}

}
