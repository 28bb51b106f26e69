package dev.systemauth.demo;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator of the demo sees through Actuator over HTTP after a sign-in: the audit events counted in
 * {@code auth.events}, the sign-in timed in {@code auth.login}, the protected request's check timed in
 * {@code auth.access}, the {@code auth} health component, and the sign-in in {@code /actuator/auditevents}.
 */
class ActuatorEndpointsTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "operator-view-e2e-passphrase";

	@Test
	void metricsWhenSignedInThenEventsSignInAndCheckReadable() {
		Tokens tokens = registerVerified(uniqueEmail("observed"), PASSWORD);
		assertThat(tenantMe(tokens.accessToken(), tokens.workspaceId()).status()).isEqualTo(200);
		assertThat(measurement("/actuator/metrics/auth.events?tag=type:login&tag=outcome:success", "COUNT"))
			.isGreaterThanOrEqualTo(1);
		assertThat(measurement("/actuator/metrics/auth.login?tag=outcome:success", "COUNT"))
			.isGreaterThanOrEqualTo(1);
		assertThat(measurement("/actuator/metrics/auth.login?tag=outcome:success", "TOTAL_TIME")).isPositive();
		assertThat(measurement("/actuator/metrics/auth.access?tag=outcome:granted", "COUNT"))
			.isGreaterThanOrEqualTo(1);
		assertThat(measurement("/actuator/metrics/auth.membership.listener.serving", "VALUE")).isBetween(0.0, 1.0);
	}

	@Test
	void healthWhenUpThenAuthComponentReported() {
		DemoClient.Response health = this.http.get("/actuator/health");
		assertThat(health.status()).as("%s", health).isEqualTo(200);
		JsonNode auth = health.json().path("components").path("auth");
		assertThat(auth.path("status").asString()).isEqualTo("UP");
		assertThat(auth.path("details").isObject()).isTrue();
	}

	@Test
	void auditEventsWhenSignedInThenListedForTheUser() {
		Tokens tokens = registerVerified(uniqueEmail("audited"), PASSWORD);
		DemoClient.Response events = this.http.get("/actuator/auditevents?principal=" + tokens.userId()
				+ "&type=AUTH_LOGIN");
		assertThat(events.status()).as("%s", events).isEqualTo(200);
		JsonNode list = events.json().path("events");
		assertThat(list.isArray()).isTrue();
		assertThat(list.size()).isEqualTo(1);
		assertThat(list.get(0).path("data").path("outcome").asString()).isEqualTo("success");
	}

	private double measurement(String path, String statistic) {
		DemoClient.Response response = this.http.get(path);
		assertThat(response.status()).as("%s %s", path, response).isEqualTo(200);
		for (JsonNode measurement : response.json().path("measurements")) {
			if (measurement.path("statistic").asString().equals(statistic)) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("no " + statistic + " in " + response);
	}

}
