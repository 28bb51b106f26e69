package dev.systemauth.core.token;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.Race;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.flow.AuthRequests;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in grace window: a client that lost a refresh response may present the rotated token again for a
 * short while and gets the same successor; after the window it is reuse.
 */
class RefreshReuseGraceTests {

	private static final String PASSWORD = "violet lantern orbits the quarry";

	private static final Duration GRACE = Duration.ofSeconds(30);

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).refreshReuseGrace(GRACE).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void refreshWhenRetriedWithinGraceThenSameSuccessor() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		this.fixture.clock().advance(Duration.ofSeconds(10));
		TokenPair retried = refresh(first.refreshToken());
		assertThat(retried.refreshToken()).isEqualTo(second.refreshToken());
		assertThat(retried.workspaceId()).isEqualTo(second.workspaceId());
		assertThat(this.fixture.accessTokens().verify(retried.accessToken()).userId()).isEqualTo(first.userId());
		// no new row, no reuse alarm, and the successor keeps working
		assertThat(familySize(first.refreshToken())).isEqualTo(2);
		assertThat(this.fixture.count(
				"SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh_reuse_detected'")).isZero();
		assertThat(refresh(second.refreshToken()).refreshToken()).isNotEqualTo(second.refreshToken());
	}

	@Test
	void refreshWhenRetriedJustBeforeGraceEndsThenSameSuccessor() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		this.fixture.clock().advance(GRACE.minusMillis(1));
		assertThat(refresh(first.refreshToken()).refreshToken()).isEqualTo(second.refreshToken());
	}

	@Test
	void refreshWhenRetriedAfterGraceThenReuseRevokesFamily() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		this.fixture.clock().advance(GRACE.plusSeconds(1));
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh(second.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertThat(this.fixture.count("""
				SELECT count(*) FROM ${schema}.audit_logs WHERE event_type = 'refresh_reuse_detected' AND user_id = ?""",
				first.userId())).isEqualTo(1);
	}

	@Test
	void refreshWhenRetriedWithinGraceButSuccessorAlreadyRotatedThenReuseRevokesFamily() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		TokenPair third = refresh(second.refreshToken());
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
		assertAuthError(() -> refresh(third.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenRetriedWithinGraceAfterLogoutThenInvalidToken() {
		TokenPair first = login();
		TokenPair second = refresh(first.refreshToken());
		this.fixture.signIn().logout(new AuthRequests.Refresh(second.refreshToken()), CLIENT);
		assertAuthError(() -> refresh(first.refreshToken()), AuthErrorCode.INVALID_TOKEN);
	}

	@Test
	void refreshWhenConcurrentWithinGraceThenEveryoneGetsTheSameSuccessor() throws Exception {
		TokenPair pair = login();
		List<Race.Attempt<TokenPair>> attempts = Race.run(10, (i) -> refresh(pair.refreshToken()));
		assertThat(attempts).allSatisfy((attempt) -> assertThat(attempt.error()).isNull());
		assertThat(attempts.stream().map((attempt) -> attempt.value().refreshToken()).distinct()).hasSize(1);
		assertThat(familySize(pair.refreshToken())).isEqualTo(2);
	}

	private TokenPair login() {
		return this.fixture.newSession(PASSWORD);
	}

	private long familySize(String refreshToken) {
		return this.fixture.count("""
				SELECT count(*) FROM ${schema}.refresh_tokens
				WHERE family_id = (SELECT family_id FROM ${schema}.refresh_tokens WHERE token_hash = ?)""",
				this.fixture.tokenHasher().hash(refreshToken));
	}

	private TokenPair refresh(String refreshToken) {
		return this.fixture.refresh(refreshToken);
	}

}
