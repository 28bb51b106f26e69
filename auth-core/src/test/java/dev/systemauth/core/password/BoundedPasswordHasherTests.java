package dev.systemauth.core.password;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.systemauth.core.error.AuthErrorCode;

import static dev.systemauth.core.CoreFixture.assertAuthError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BoundedPasswordHasherTests {

	private final PasswordHasher hasher = new BoundedPasswordHasher(4);

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
		try (PasswordHasher other = new BoundedPasswordHasher(6)) {
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
		try (PasswordHasher other = new BoundedPasswordHasher(5)) {
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
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedPasswordHasher(3));
		assertThatIllegalArgumentException().isThrownBy(() -> new BoundedPasswordHasher(32));
	}

	@Test
	void everyOperationWhenHashingQueueFullThenServerBusy() throws Exception {
		PasswordHashingExecutor executor = new PasswordHashingExecutor(1, 1);
		try (PasswordHasher busy = new BoundedPasswordHasher(4, executor)) {
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
		PasswordHasher closed = new BoundedPasswordHasher(4, executor);
		closed.close();
		assertThat(closed.executor()).isSameAs(executor);
		assertAuthError(() -> closed.hash("correct horse battery staple"), AuthErrorCode.SERVER_BUSY);
	}

	@Test
	void hashAndMatchesWhenEncoderGivenThenThroughItOnTheExecutor() {
		RecordingEncoder encoder = new RecordingEncoder();
		try (PasswordHasher custom = new BoundedPasswordHasher(encoder, new PasswordHashingExecutor(1, 4))) {
			String hash = custom.hash("correct horse battery staple");
			assertThat(hash).isEqualTo("{test}elpats yrettab esroh tcerroc");
			assertThat(custom.matches("correct horse battery staple", hash)).isTrue();
			assertThat(custom.matches("wrong", hash)).isFalse();
			assertThat(custom.verifyAgainstDummy("correct horse battery staple")).isFalse();
		}
		// the dummy hash is made at construction, every other call on a hashing worker
		assertThat(encoder.threads.get(0)).doesNotStartWith("auth-password-");
		assertThat(encoder.threads.subList(1, encoder.threads.size())).hasSize(4)
			.allSatisfy((name) -> assertThat(name).startsWith("auth-password-"));
	}

	@Test
	void everyOperationWhenEncoderGivenAndQueueFullThenServerBusy() throws Exception {
		PasswordHashingExecutor executor = new PasswordHashingExecutor(1, 1);
		try (PasswordHasher busy = new BoundedPasswordHasher(new RecordingEncoder(), executor)) {
			try (BlockedHashing blocked = BlockedHashing.occupyWorkersAndQueue(executor)) {
				assertAuthError(() -> busy.hash("correct horse battery staple"), AuthErrorCode.SERVER_BUSY);
				assertAuthError(() -> busy.matches("a", "{test}a"), AuthErrorCode.SERVER_BUSY);
				assertAuthError(() -> busy.verifyAgainstDummy("a"), AuthErrorCode.SERVER_BUSY);
			}
		}
	}

	/** Reverses the password behind a prefix, and records the thread of every call. */
	static final class RecordingEncoder implements PasswordEncoder {

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			this.threads.add(Thread.currentThread().getName());
			return "{test}" + new StringBuilder(String.valueOf(rawPassword)).reverse();
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			this.threads.add(Thread.currentThread().getName());
			return ("{test}" + new StringBuilder(String.valueOf(rawPassword)).reverse()).equals(encodedPassword);
		}

	}

}
