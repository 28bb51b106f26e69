package dev.systemauth.core.cleanup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.MutableClock;
import dev.systemauth.core.flow.SignupResult;
import dev.systemauth.core.identity.AuthorizationRequest;
import dev.systemauth.core.identity.AuthorizationStore;
import dev.systemauth.core.identity.ExchangeCodeStore;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.onetime.OneTimeTokenKind;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.throttle.ThrottleStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ExpiredRowsCleanup} on a real PostgreSQL: of each kind of single-use row, the expired one goes and
 * the live one stays; throttle counters go only once untouched for the retention.
 */
class ExpiredRowsCleanupTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final Duration RETENTION = Duration.ofDays(1);

	private CoreFixture fixture;

	private MutableClock clock;

	private ExpiredRowsCleanup cleanup;

	private SignupResult user;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
		this.clock = this.fixture.clock();
		this.cleanup = new ExpiredRowsCleanup(this.fixture.database(), RETENTION, this.clock);
		this.user = this.fixture.signup(CoreFixture.uniqueEmail(), PASSWORD);
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void runWhenMfaChallengesExpiredAndLiveThenOnlyExpiredDeleted() {
		MfaChallengeStore store = new MfaChallengeStore(this.fixture.database());
		Instant now = this.clock.instant();
		store.insert("expired-challenge", this.user.userId(), this.user.workspaceId(), "totp", now.minusSeconds(600),
				now.minusSeconds(1));
		store.insert("live-challenge", this.user.userId(), this.user.workspaceId(), "totp", now, now.plusSeconds(300));

		ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();

		assertThat(deleted.mfaChallenges()).isEqualTo(1);
		assertThat(hashes("SELECT token_hash FROM ${schema}.mfa_challenges")).containsExactly("live-challenge");
	}

	@Test
	void runWhenEnrolmentTokensAndPasskeyChallengesExpiredAndLiveThenOnlyExpiredDeleted() {
		MfaEnrolmentTokenStore enrolments = new MfaEnrolmentTokenStore(this.fixture.database());
		PasskeyChallengeStore passkeys = new PasskeyChallengeStore(this.fixture.database());
		Instant now = this.clock.instant();
		enrolments.insert("expired-enrolment", this.user.userId(), this.user.workspaceId(), now.minusSeconds(900),
				now.minusSeconds(1));
		enrolments.insert("live-enrolment", this.user.userId(), this.user.workspaceId(), now, now.plusSeconds(600));
		passkeys.insert("expired-passkey", PasskeyChallengeStore.AUTHENTICATION, null, now.minusSeconds(600),
				now.minusSeconds(1));
		passkeys.insert("live-passkey", PasskeyChallengeStore.REGISTRATION, this.user.userId(), now,
				now.plusSeconds(300));

		ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();

		assertThat(deleted.enrolmentTokens()).isEqualTo(1);
		assertThat(deleted.passkeyChallenges()).isEqualTo(1);
		assertThat(hashes("SELECT token_hash FROM ${schema}.mfa_enrolment_tokens")).containsExactly("live-enrolment");
		assertThat(hashes("SELECT challenge_hash FROM ${schema}.passkey_challenges")).containsExactly("live-passkey");
	}

	@Test
	void runWhenProviderRowsExpiredAndLiveThenOnlyExpiredDeleted() {
		AuthorizationStore authorizations = new AuthorizationStore(this.fixture.database());
		ExchangeCodeStore exchangeCodes = new ExchangeCodeStore(this.fixture.database());
		Instant now = this.clock.instant();
		URI redirect = URI.create("https://app.example.test/auth/oauth/sso/callback");
		authorizations.insert("sso", new AuthorizationRequest("expired-state", "n1", "v1", redirect), "b1", null,
				now.minusSeconds(900), now.minusSeconds(1));
		authorizations.insert("sso", new AuthorizationRequest("live-state", "n2", "v2", redirect), "b2", null, now,
				now.plusSeconds(600));
		exchangeCodes.insert("expired-code", this.user.userId(), null, "sso", now.minusSeconds(120), now.minusSeconds(1));
		exchangeCodes.insert("live-code", this.user.userId(), null, "sso", now, now.plusSeconds(60));

		ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();

		assertThat(deleted.authorizations()).isEqualTo(1);
		assertThat(deleted.exchangeCodes()).isEqualTo(1);
		assertThat(authorizations.consume("sso", "live-state", "b2", now)).isPresent();
		assertThat(exchangeCodes.consume("live-code", now)).isPresent();
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.oauth_authorizations")).isEqualTo(1);
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.oauth_exchange_codes")).isEqualTo(1);
	}

	@Test
	void runWhenOneTimeTokensExpiredAndLiveThenOnlyExpiredDeletedOfEveryKind() {
		Instant now = this.clock.instant();
		for (OneTimeTokenKind kind : new OneTimeTokenKind[] { OneTimeTokenKind.PASSWORD_RESET,
				OneTimeTokenKind.MAGIC_LINK }) {
			this.fixture.oneTimeTokens()
				.insert(kind, UUID.randomUUID(), this.user.userId(), null, "expired-" + kind, now.minusSeconds(900),
						now.minusSeconds(1));
			this.fixture.oneTimeTokens()
				.insert(kind, UUID.randomUUID(), this.user.userId(), null, "live-" + kind, now, now.plusSeconds(900));
		}
		long verificationTokens = this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens");
		this.fixture.oneTimeTokens()
			.insertVerification(UUID.randomUUID(), this.user.userId(), null, "expired-verification", "link",
					now.minusSeconds(1800), now.minusSeconds(1));

		ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();

		assertThat(deleted.oneTimeTokens()).isEqualTo(3);
		assertThat(hashes("SELECT token_hash FROM ${schema}.password_reset_tokens"))
			.containsExactly("live-PASSWORD_RESET");
		assertThat(hashes("SELECT token_hash FROM ${schema}.magic_link_tokens")).containsExactly("live-MAGIC_LINK");
		assertThat(this.fixture.count("SELECT count(*) FROM ${schema}.email_verification_tokens"))
			.isEqualTo(verificationTokens);
	}

	@Test
	void runWhenThrottleCounterUntouchedForRetentionThenDeletedAndRecentKept() {
		ThrottleStore store = new ThrottleStore(this.fixture.database());
		store.hit("ip:cred:198.51.100.1", Duration.ofMinutes(5), this.clock.instant());
		this.clock.advance(RETENTION);
		store.hit("ip:cred:198.51.100.2", Duration.ofMinutes(5), this.clock.instant());
		this.clock.advance(Duration.ofSeconds(1));

		ExpiredRowsCleanup.Deleted deleted = this.cleanup.run();

		assertThat(deleted.throttleCounters()).isEqualTo(1);
		assertThat(hashes("SELECT key FROM ${schema}.throttle_counters WHERE key LIKE 'ip:cred:198.51.100.%'"))
			.containsExactly("ip:cred:198.51.100.2");
	}

	@Test
	void runWhenNothingExpiredThenNothingDeleted() {
		assertThat(this.cleanup.run().total()).isZero();
	}

	@Test
	void constructorWhenRetentionNotPositiveThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExpiredRowsCleanup(this.fixture.database(), Duration.ZERO, this.clock))
			.withMessageContaining("throttleRetention");
	}

	private java.util.List<String> hashes(String template) {
		return this.fixture.jdbc().sql(this.fixture.sql(template)).query(String.class).list();
	}

}
