package dev.systemauth.core.account;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.CoreFixture;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUserStoreTests {

	private CoreFixture fixture;

	@BeforeEach
	void createFixture() {
		this.fixture = CoreFixture.create();
	}

	@AfterEach
	void dropFixture() {
		this.fixture.close();
	}

	@Test
	void findWhenRowMapperReplacedThenEveryReadUsesIt() {
		JdbcUserStore store = new JdbcUserStore(this.fixture.database());
		UUID userId = UUID.randomUUID();
		String email = "mapper-" + userId + "@example.test";
		assertThat(store.insert(userId, email, "not-a-hash", false, this.fixture.clock().instant())).isTrue();
		JdbcUserStore.UserAccountRowMapper standard = new JdbcUserStore.UserAccountRowMapper();
		store.setUserAccountRowMapper((rs, n) -> {
			UserAccount read = standard.mapRow(rs, n);
			return new UserAccount(read.id(), "mapped:" + read.email(), null, null, read.status());
		});
		assertThat(store.findById(userId).orElseThrow().email()).isEqualTo("mapped:" + email);
		assertThat(store.findByEmail(email).orElseThrow().email()).isEqualTo("mapped:" + email);
		assertThat(store.findForSignIn(email).orElseThrow().account().email()).isEqualTo("mapped:" + email);
	}

	@Test
	void updateStatusWritesTheEnumValue() {
		JdbcUserStore store = new JdbcUserStore(this.fixture.database());
		UUID userId = UUID.randomUUID();
		store.insert(userId, "status-" + userId + "@example.test", "not-a-hash", true, this.fixture.clock().instant());
		assertThat(store.updateStatus(userId, UserStatus.DELETED, this.fixture.clock().instant())).isTrue();
		assertThat(UserStatus.of(store.findById(userId).orElseThrow().status())).isEqualTo(UserStatus.DELETED);
		assertThat(store.updateStatus(UUID.randomUUID(), UserStatus.ACTIVE, this.fixture.clock().instant())).isFalse();
	}

}
