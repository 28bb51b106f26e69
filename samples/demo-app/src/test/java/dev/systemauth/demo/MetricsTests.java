package dev.systemauth.demo;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's meters are bound to the demo's own registry (Actuator) and count what happens over HTTP.
 */
class MetricsTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "metrics-e2e-passphrase";

	@Autowired
	MeterRegistry registry;

	@Test
	void loginWhenDoneOverHttpThenCountedByTypeAndOutcome() {
		double before = count("login", "success");
		double failuresBefore = count("login", "failure");
		String email = uniqueEmail("meter");
		registerVerified(email, PASSWORD);
		this.http.post("/auth/login", DemoClient.json("email", email, "password", "not-the-" + PASSWORD));
		assertThat(count("login", "success")).isEqualTo(before + 1);
		assertThat(count("login", "failure")).isEqualTo(failuresBefore + 1);
		assertThat(this.registry.find("auth.password.hashing.queued").gauge()).isNotNull();
		assertThat(this.registry.find("auth.membership.listener.serving").gauge()).isNotNull();
	}

	private double count(String type, String outcome) {
		var counter = this.registry.find("auth.events").tag("type", type).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
