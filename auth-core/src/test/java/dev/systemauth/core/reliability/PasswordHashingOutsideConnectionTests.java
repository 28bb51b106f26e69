package dev.systemauth.core.reliability;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.ConnectionWatch;
import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.CoreFixture.Mailbox;
import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.password.BlockedHashing;
import dev.systemauth.core.password.PasswordHashingExecutor;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.token.TokenPair;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bcrypt never runs while its caller holds a database connection: each flow is caught while its hash waits
 * for the (occupied) hashing worker, and the waiting thread must hold no connection of the pool then.
 */
class PasswordHashingOutsideConnectionTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final String NEW_PASSWORD = "tr0ub4dor and three more words";

	private PasswordHashingExecutor executor;

	private final AtomicReference<ConnectionWatch> watch = new AtomicReference<>();

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.executor = new PasswordHashingExecutor(1, 4);
		this.fixture = CoreFixture.builder()
			.requireEmailVerification(false)
			.passwordHashing(this.executor)
			.dataSource((dataSource) -> {
				ConnectionWatch created = new ConnectionWatch(dataSource);
				this.watch.set(created);
				return created;
			})
			.build();
	}

	@AfterEach
	void dropFixture() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void signupWhenHashWaitsThenNoConnectionHeld() throws Exception {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = whileHashWaits(() -> this.fixture.signup(email, PASSWORD));
		assertThat(this.fixture.accounts().findByEmail(email)).get().extracting((a) -> a.id()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenHashWaitsThenNoConnectionHeld() throws Exception {
		String email = CoreFixture.uniqueEmail();
		SignupResult signup = this.fixture.signup(email, PASSWORD);
		TokenPair tokens = whileHashWaits(
				() -> this.fixture.signIn().login(new AuthRequests.Login(email, PASSWORD, null), CLIENT));
		assertThat(tokens.userId()).isEqualTo(signup.userId());
	}

	@Test
	void loginWhenEmailUnknownAndDummyHashWaitsThenNoConnectionHeld() throws Exception {
		Throwable failure = whileHashWaits(() -> {
			try {
				this.fixture.signIn()
					.login(new AuthRequests.Login(CoreFixture.uniqueEmail(), PASSWORD, null), CLIENT);
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		assertThat(failure).hasMessageContaining("Invalid email or password");
	}

	@Test
	void resetPasswordWhenHashWaitsThenNoConnectionHeld() throws Exception {
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD);
		this.fixture.passwordReset().forgotPassword(new AuthRequests.ForgotPassword(email), CLIENT);
		String token = Mailbox.token(this.fixture.mailbox().last(email, AuthMail.Type.PASSWORD_RESET));
		whileHashWaits(() -> {
			this.fixture.passwordReset().resetPassword(new AuthRequests.ResetPassword(token, NEW_PASSWORD), CLIENT);
			return null;
		});
		assertThat(this.fixture.signIn().login(new AuthRequests.Login(email, NEW_PASSWORD, null), CLIENT))
			.isNotNull();
	}

	@Test
	void provisioningWhenHashAndVerificationWaitThenNoConnectionHeld() throws Exception {
		AuthProvisioningService provisioning = new AuthProvisioningService(this.fixture.database(),
				this.fixture.accounts(), this.fixture.workspaces(), this.fixture.passwordHasher(),
				this.fixture.passwordPolicy(), this.fixture.auditLog(), this.fixture.clock());
		String email = CoreFixture.uniqueEmail();
		ProvisionedUser created = whileHashWaits(
				() -> provisioning.provisionClassicUser(email, PASSWORD, "Provisioned", "provisioned", true));
		ProvisionedUser again = whileHashWaits(
				() -> provisioning.provisionClassicUser(email, PASSWORD, "Provisioned", "provisioned", true));
		assertThat(created.created()).isTrue();
		assertThat(again.userId()).isEqualTo(created.userId());
		assertThat(again.created()).isFalse();
	}

	/**
	 * Runs the flow on a thread of its own while the hashing worker is occupied, checks that the thread holds no
	 * connection once its hash is queued, then frees the worker and returns what the flow returned.
	 */
	private <T> T whileHashWaits(Callable<T> flow) throws Exception {
		AtomicReference<T> result = new AtomicReference<>();
		AtomicReference<Exception> failure = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				result.set(flow.call());
			}
			catch (Exception ex) {
				failure.set(ex);
			}
		}, "flow-under-test");
		try (BlockedHashing blocked = BlockedHashing.occupyWorkers(this.executor)) {
			caller.start();
			BlockedHashing.await("the flow's hash is queued",
					() -> this.executor.queued() == 1 || !caller.isAlive());
			assertThat(this.executor.queued()).as("the flow waits for its hash").isEqualTo(1);
			assertThat(this.watch.get().heldBy(caller)).as("connections held while the hash waits").isZero();
		}
		caller.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(failure.get()).isNull();
		return result.get();
	}

}
