package dev.systemauth.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.core.account.UserStatusService;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.tenant.WorkspaceService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app on a random port, reached only through real HTTP, with mail to the shared GreenMail server.
 * Subclasses say which database the app uses ({@code spring.datasource.*}). Every environment value the
 * demo's application.yml reads is pinned here, so that a developer's environment cannot change a test.
 * Every request comes from 127.0.0.1 and the suite makes hundreds of deliberate failures, so the abuse
 * limits are raised out of reach: the throttle still runs (and counts in the database), it never refuses.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "auth.password.bcrypt-cost=10", "auth.database.connection-string=",
		"auth.jwt.access-token-secret=" + EndToEndSupport.ACCESS_SECRET,
		"auth.jwt.refresh-token-secret=e2e-refresh-secret-0123456789abcdef-0123456789",
		"auth.jwt.token-hash-secret=e2e-token-hash-secret-0123456789abcdef-012345",
		"auth.classic.require-email-verification=true", "auth.links.base-url=http://localhost:3000",
		"auth.mail.log-contents=true", "spring.mail.host=127.0.0.1", "demo.bootstrap.email=",
		"spring.datasource.url=" + EndToEndSupport.DATASOURCE_PLACEHOLDER,
		"auth.throttle.ip-max-attempts=1000000", "auth.throttle.ip-max-email-requests=1000000",
		"auth.throttle.email-max-per-recipient=1000000", "auth.throttle.account-max-failures=1000000" })
abstract class EndToEndSupport {

	/**
	 * A non-empty {@code spring.datasource.url} that the demo's {@code DevDatabaseEnvironmentPostProcessor}
	 * can see: it runs before {@code @DynamicPropertySource} values exist, and would otherwise start an
	 * embedded PostgreSQL of its own. The subclass's dynamic value takes precedence over this one.
	 */
	static final String DATASOURCE_PLACEHOLDER = "jdbc:postgresql://replaced-by-dynamic-property-source.invalid/none";

	static final String ACCESS_SECRET = "e2e-access-secret-0123456789abcdef-0123456789";

	static final String ISSUER = "system-auth-demo";

	static final String AUDIENCE = "system-auth-demo-clients";

	static final String PROBLEM_JSON = "application/problem+json";

	static final String WORKSPACE_HEADER = "x-workspace-id";

	@LocalServerPort
	int port;

	@Autowired
	WorkspaceService workspaces;

	@Autowired
	UserStatusService userStatuses;

	@Autowired
	UserStore accounts;

	DemoClient http;

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", TestMail::smtpPort);
	}

	@BeforeEach
	void createClient() {
		this.http = new DemoClient(this.port);
	}

	/** A fresh, lower-case address on a test domain. */
	static String uniqueEmail(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@e2e.test";
	}

	/** Signs up and answers 201 without tokens. */
	Signup signup(String email, String password) {
		DemoClient.Response response = this.http.post("/auth/signup", DemoClient.json("email", email, "password", password));
		assertThat(response.status()).as("signup %s", response).isEqualTo(201);
		JsonNode body = response.json();
		return new Signup(UUID.fromString(body.get("userId").asString()),
				UUID.fromString(body.get("workspaceId").asString()));
	}

	/** Verifies the email with the code of its {@code n}-th message. */
	String verifyWithCode(String email, int messageNumber) {
		String code = TestMail.verificationCode(TestMail.awaitMessage(email.toLowerCase(java.util.Locale.ROOT), messageNumber));
		DemoClient.Response response = this.http.post("/auth/verify-email", DemoClient.json("email", email, "code", code));
		assertThat(response.status()).as("verify-email %s", response).isEqualTo(204);
		return code;
	}

	Tokens login(String email, String password) {
		DemoClient.Response response = this.http.post("/auth/login", DemoClient.json("email", email, "password", password));
		assertTokenResponse(response);
		return Tokens.of(response);
	}

	/** Signs up, verifies with the mailed code and logs in. */
	Tokens registerVerified(String email, String password) {
		signup(email, password);
		verifyWithCode(email, 1);
		return login(email, password);
	}

	DemoClient.Response refresh(String refreshToken) {
		return this.http.post("/auth/refresh", DemoClient.json("refreshToken", refreshToken));
	}

	DemoClient.Response tenantMe(String accessToken, UUID workspaceId) {
		return this.http.get("/tenant/me", "Authorization", "Bearer " + accessToken, WORKSPACE_HEADER,
				workspaceId.toString());
	}

	/**
	 * After the database comes back, polls {@code /tenant/me} for up to 15 s until it answers 200; in between
	 * only 503 is acceptable (the app fails closed, never open and never with a 500).
	 */
	void awaitTenantMeServedAgain(Tokens tokens) {
		List<Integer> seen = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		int status = 0;
		while (status != 200 && System.nanoTime() < deadline) {
			status = tenantMe(tokens.accessToken(), tokens.workspaceId()).status();
			seen.add(status);
			if (status != 200) {
				TestMail.sleep(100);
			}
		}
		assertThat(seen).as("statuses of /tenant/me after restore").last().isEqualTo(200);
		assertThat(seen).as("statuses of /tenant/me after restore").allMatch((s) -> s == 200 || s == 503);
	}

	static void assertProblem(DemoClient.Response response, int status, String code) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(status);
		assertThat(response.contentType()).as("content type of %s", response).startsWith(PROBLEM_JSON);
		assertThat(response.code()).as("code of %s", response).isEqualTo(code);
		assertThat(response.json().path("status").asInt()).as("status member of %s", response).isEqualTo(status);
	}

	/**
	 * Asserts that a route answers exactly as a path that never existed: 404 {@code not_found} for POST and
	 * GET alike (a 405 would reveal the route), with the same problem body apart from {@code instance}.
	 */
	void assertAbsentRoute(String path) {
		DemoClient.Response never = this.http.post("/auth/does-not-exist", "{}");
		assertProblem(never, 404, "not_found");
		for (String body : new String[] { "{}", DemoClient.json("email", "someone@e2e.test", "password", "x", "token",
				"t", "refreshToken", "r", "workspaceId", java.util.UUID.randomUUID().toString()) }) {
			DemoClient.Response response = this.http.post(path, body);
			assertProblem(response, 404, "not_found");
			assertThat(response.problemWithoutInstance()).as("POST %s", path).isEqualTo(never.problemWithoutInstance());
			assertThat(response.contentType()).isEqualTo(never.contentType());
		}
		DemoClient.Response get = this.http.get(path);
		assertProblem(get, 404, "not_found");
		assertThat(get.problemWithoutInstance()).as("GET %s", path)
			.isEqualTo(this.http.get("/auth/does-not-exist").problemWithoutInstance());
	}

	static void assertTokenResponse(DemoClient.Response response) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.header("Cache-Control")).contains("no-store");
		JsonNode body = response.json();
		assertThat(body.propertyNames()).contains("accessToken", "refreshToken", "tokenType", "expiresIn", "userId",
				"workspaceId");
		assertThat(body.get("accessToken").asString()).isNotBlank();
		assertThat(body.get("refreshToken").asString()).isNotBlank();
		assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(body.get("expiresIn").isNumber()).isTrue();
		assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
		assertThat(UUID.fromString(body.get("userId").asString())).isNotNull();
		assertThat(UUID.fromString(body.get("workspaceId").asString())).isNotNull();
	}

	/**
	 * The answer of a signup.
	 *
	 * @param userId the new user
	 * @param workspaceId the new workspace
	 */
	record Signup(UUID userId, UUID workspaceId) {
	}

	/**
	 * A token response.
	 *
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param userId the user
	 * @param workspaceId the workspace
	 */
	record Tokens(String accessToken, String refreshToken, UUID userId, UUID workspaceId) {

		static Tokens of(DemoClient.Response response) {
			JsonNode body = response.json();
			return new Tokens(body.get("accessToken").asString(), body.get("refreshToken").asString(),
					UUID.fromString(body.get("userId").asString()), UUID.fromString(body.get("workspaceId").asString()));
		}

	}

}
