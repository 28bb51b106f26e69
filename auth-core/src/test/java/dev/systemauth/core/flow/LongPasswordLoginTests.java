package dev.systemauth.core.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;
import dev.systemauth.core.error.AuthErrorCode;

import static dev.systemauth.core.CoreFixture.CLIENT;
import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bcrypt reads only 72 bytes. A password of exactly 72 bytes can be set; login must not accept it with more
 * bytes appended, which bcrypt alone would.
 */
class LongPasswordLoginTests {

	private static final String PASSWORD_72 = "a long passphrase of exactly seventy-two bytes for the bcrypt limit ....";

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.builder().requireEmailVerification(false).build();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void loginWhenStoredPasswordIs72BytesAndMoreIsSentThenInvalidCredentials() {
		assertThat(PASSWORD_72.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(72);
		String email = CoreFixture.uniqueEmail();
		this.fixture.signup(email, PASSWORD_72);
		assertThat(this.fixture.passwordHasher().matches(PASSWORD_72 + "anything", stored(email)))
			.as("bcrypt itself ignores the bytes after 72")
			.isTrue();
		assertAuthError(() -> login(email, PASSWORD_72 + "anything"), AuthErrorCode.INVALID_CREDENTIALS);
		assertThat(login(email, PASSWORD_72).userId()).isNotNull();
	}

	private dev.systemauth.core.token.TokenPair login(String email, String password) {
		return this.fixture.signIn().login(new AuthRequests.Login(email, password, null), CLIENT);
	}

	private String stored(String email) {
		return this.fixture.accounts().findByEmail(email).orElseThrow().passwordHash();
	}

}
