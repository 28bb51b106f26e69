package dev.systemauth.core.password;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.error.AuthErrorCode;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasswordHasherTests {

	private final PasswordHasher hasher = new PasswordHasher(4);

	@AfterEach
	void close() {
		this.hasher.close();
	}

	@Test
	void hashWhenCostFourThenBcryptFormatWithCostFour() {
		String hash = this.hasher.hash("correct horse battery staple");
		assertThat(hash).matches("\\$2[ab]\\$04\\$[./A-Za-z0-9]{53}");
	}

	@Test
	void hashWhenOtherCostThenThatCostIsInTheHash() {
		String hash;
		try (PasswordHasher other = new PasswordHasher(6)) {
			hash = other.hash("correct horse battery staple");
		}
		assertThat(hash).matches("\\$2[ab]\\$06\\$[./A-Za-z0-9]{53}");
	}

	@Test
	void hashWhenSamePasswordTwiceThenSaltsDiffer() {
		String first = this.hasher.hash("correct horse battery staple");
		String second = this.hasher.hash("correct horse battery staple");
		assertThat(first).isNotEqualTo(second);
		assertThat(this.hasher.matches("correct horse battery staple", first)).isTrue();
		assertThat(this.hasher.matches("correct horse battery staple", second)).isTrue();
	}

	@Test
	void hashNeverContainsThePassword() {
		String hash = this.hasher.hash("correct horse battery staple");
		assertThat(hash).doesNotContain("correct").doesNotContain("staple");
	}

	@Test
	void matchesWhenRightPasswordThenTrue() {
		String hash = this.hasher.hash("correct horse battery staple");
		assertThat(this.hasher.matches("correct horse battery staple", hash)).isTrue();
	}

	@Test
	void matchesWhenWrongPasswordThenFalse() {
		String hash = this.hasher.hash("correct horse battery staple");
		assertThat(this.hasher.matches("correct horse battery stapler", hash)).isFalse();
		assertThat(this.hasher.matches("Correct horse battery staple", hash)).isFalse();
		assertThat(this.hasher.matches("", hash)).isFalse();
	}

	@Test
	void matchesWhenNullPasswordOrHashThenFalse() {
		String hash = this.hasher.hash("correct horse battery staple");
		assertThat(this.hasher.matches(null, hash)).isFalse();
		assertThat(this.hasher.matches("correct horse battery staple", null)).isFalse();
	}

	@Test
	void matchesWhenHashFromOtherCostThenStillVerifies() {
		String hash;
		try (PasswordHasher other = new PasswordHasher(5)) {
			hash = other.hash("correct horse battery staple");
		}
		assertThat(this.hasher.matches("correct horse battery staple", hash)).isTrue();
	}

	@Test
	void verifyAgainstDummyIsAlwaysFalse() {
		assertThat(this.hasher.verifyAgainstDummy("correct horse battery staple")).isFalse();
		assertThat(this.hasher.verifyAgainstDummy("dummy-password-for-timing-equalisation")).isFalse();
		assertThat(this.hasher.verifyAgainstDummy("")).isFalse();
		assertThat(this.hasher.verifyAgainstDummy(null)).isFalse();
	}

	@Test
	void constructorWhenCostOutOfRangeThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHasher(3));
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHasher(32));
	}

	@Test
	void everyOperationWhenHashingQueueFullThenServerBusy() throws Exception {
		PasswordHashingExecutor executor = new PasswordHashingExecutor(1, 1);
		try (PasswordHasher busy = new PasswordHasher(4, executor)) {
			String hash = busy.hash("correct horse battery staple");
			try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(executor)) {
				assertAuthError(() -> busy.hash("correct horse battery staple"), AuthErrorCode.SERVER_BUSY);
				assertAuthError(() -> busy.matches("correct horse battery staple", hash), AuthErrorCode.SERVER_BUSY);
				assertAuthError(() -> busy.verifyAgainstDummy("correct horse battery staple"),
						AuthErrorCode.SERVER_BUSY);
			}
			assertThat(busy.matches("correct horse battery staple", hash)).isTrue();
		}
	}

	@Test
	void closeThenExecutorRefusesWork() {
		PasswordHashingExecutor executor = new PasswordHashingExecutor(1, 1);
		PasswordHasher closed = new PasswordHasher(4, executor);
		closed.close();
		assertThat(closed.executor()).isSameAs(executor);
		assertAuthError(() -> closed.hash("correct horse battery staple"), AuthErrorCode.SERVER_BUSY);
	}

}
