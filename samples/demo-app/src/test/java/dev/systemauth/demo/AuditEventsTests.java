package dev.systemauth.demo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import dev.systemauth.autoconfigure.event.AuthAuditEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host's {@code @EventListener} receives the library's audit events over real HTTP, including those that
 * the one-statement session start and refresh write themselves, and never a secret.
 */
@Import(AuditEventsTests.Collector.class)
class AuditEventsTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "audit-events-e2e-passphrase";

	@Autowired
	Collector collector;

	@Test
	void loginRefreshAndLogoutWhenDoneThenEachReachesTheHostAsAnApplicationEvent() {
		Tokens tokens = registerVerified(uniqueEmail("hooks"), PASSWORD);
		Tokens refreshed = Tokens.of(refresh(tokens.refreshToken()));
		this.http.post("/auth/logout", DemoClient.json("refreshToken", refreshed.refreshToken()));
		List<AuthAuditEvent> mine = this.collector.events.stream()
			.filter((event) -> tokens.userId().equals(event.getUserId()))
			.toList();
		assertThat(mine).extracting(AuthAuditEvent::getType)
			.contains("signup", "email_verified", "login", "refresh", "logout");
		assertThat(mine).filteredOn((event) -> event.getType().equals("login"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.getOutcome()).isEqualTo("success");
				assertThat(event.getWorkspaceId()).isEqualTo(tokens.workspaceId());
				assertThat(event.getIpAddress()).isNotBlank();
			});
		assertThat(mine.toString() + mine.stream().map(AuthAuditEvent::getDetails).toList())
			.doesNotContain(tokens.accessToken(), tokens.refreshToken(), refreshed.refreshToken(), PASSWORD);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Collector {

		final List<AuthAuditEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(AuthAuditEvent event) {
			this.events.add(event);
		}

	}

}
