package dev.systemauth.secured;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host app on a random port and a fresh PostgreSQL database, reached only through real HTTP (the JDK
 * client: no cookies, no CSRF token, no credentials unless a test adds them). Signup answers with tokens
 * ({@code auth.classic.require-email-verification=false}), so a test has a signed-in owner in one request.
 */
@TestPropertySource(properties = { "auth.password.bcrypt-cost=10",
		"auth.jwt.access-token-secret=secured-access-secret-0123456789abcdef-012345",
		"auth.jwt.refresh-token-secret=secured-refresh-secret-0123456789abcdef-01234",
		"auth.jwt.token-hash-secret=secured-token-hash-secret-0123456789abcdef-01",
		"auth.links.base-url=http://localhost:3000", "auth.classic.require-email-verification=false",
		"secured.operator.password=" + SecuredAppTestSupport.OPERATOR_PASSWORD,
		"auth.throttle.ip-max-attempts=1000000", "auth.throttle.ip-max-email-requests=1000000",
		"auth.throttle.email-max-per-recipient=1000000", "auth.throttle.account-max-failures=1000000" })
abstract class SecuredAppTestSupport {

	static final String OPERATOR_PASSWORD = "operator-password-for-tests";

	static final String PROBLEM_JSON = "application/problem+json";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final TestDatabase database = TestDatabase.create();

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", () -> (database.password() != null) ? database.password() : "");
	}

	@BeforeEach
	void checkPort() {
		assertThat(this.port).isPositive();
	}

	static String uniqueEmail(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@secured.test";
	}

	static String json(Object... namesAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(map);
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** Signs up with no credentials of any kind; 201 with tokens. */
	Session signup(String email, String password) {
		Response response = post("/auth/signup", json("email", email, "password", password));
		assertThat(response.status()).as("signup %s", response).isEqualTo(201);
		return Session.of(response);
	}

	Session login(String email, String password, UUID workspaceId) {
		Response response = post("/auth/login", json("email", email, "password", password, "workspaceId",
				workspaceId.toString()));
		assertThat(response.status()).as("login %s", response).isEqualTo(200);
		return Session.of(response);
	}

	/** A GET with our bearer token and the token's workspace. */
	Response getAs(Session session, String path) {
		return get(path, "Authorization", "Bearer " + session.accessToken(), "x-workspace-id",
				session.workspaceId().toString());
	}

	Response post(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	Response options(String path, String... headers) {
		return send(request(path, headers).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			java.net.http.HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(status);
		assertThat(response.header("Content-Type")).as("content type of %s", response).startsWith(PROBLEM_JSON);
		assertThat(response.json().path("code").asString()).as("code of %s", response).isEqualTo(code);
		assertThat(response.json().path("status").asInt()).as("status member of %s", response).isEqualTo(status);
	}

	/**
	 * A signed-in member.
	 *
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param userId the user
	 * @param workspaceId the workspace of the token
	 */
	record Session(String accessToken, String refreshToken, UUID userId, UUID workspaceId) {

		static Session of(Response response) {
			JsonNode body = response.json();
			return new Session(body.get("accessToken").asString(), body.get("refreshToken").asString(),
					UUID.fromString(body.get("userId").asString()), UUID.fromString(body.get("workspaceId").asString()));
		}

		@Override
		public String toString() {
			return "Session[" + this.userId + " in " + this.workspaceId + "]";
		}

	}

	/**
	 * One HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body as text
	 */
	record Response(int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
