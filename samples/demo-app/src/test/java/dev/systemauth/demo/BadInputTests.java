package dev.systemauth.demo;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on the auth routes: always a 4xx problem with its code, never a 5xx.
 */
class BadInputTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "bad-input-passphrase";

	private static final List<String> POST_ROUTES = List.of("/auth/signup", "/auth/login", "/auth/refresh",
			"/auth/logout", "/auth/forgot-password", "/auth/reset-password", "/auth/verify-email",
			"/auth/verify-email/resend", "/auth/magic-link/request", "/auth/magic-link/consume",
			"/auth/switch-workspace");

	@Test
	void postWhenJsonMalformedThenMalformedRequestOnEveryRoute() {
		for (String route : POST_ROUTES) {
			assertProblem(this.http.post(route, "{\"email\": \"a@b.io\", "), 400, "malformed_request");
			assertProblem(this.http.post(route, "{\"email\" \"a@b.io\"}"), 400, "malformed_request");
		}
	}

	@Test
	void postWhenFieldHasWrongTypeThenMalformedRequest() {
		assertProblem(this.http.post("/auth/signup", "{\"email\": [\"a@b.io\"], \"password\": \"" + PASSWORD + "\"}"),
				400, "malformed_request");
		assertProblem(this.http.post("/auth/login", "{\"email\": {\"a\": 1}, \"password\": \"" + PASSWORD + "\"}"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/login",
				"{\"email\": \"a@b.io\", \"password\": \"" + PASSWORD + "\", \"workspaceId\": \"not-a-uuid\"}"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/login",
				"{\"email\": \"a@b.io\", \"password\": \"" + PASSWORD + "\", \"workspaceId\": 42}"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/refresh", "{\"refreshToken\": {\"nested\": true}}"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/magic-link/request", "{\"email\": \"a@b.io\", \"workspaceId\": [1]}"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/switch-workspace", "{\"workspaceId\": \"x\"}"), 400, "malformed_request");
		DemoClient.Response number = this.http.post("/auth/signup", "{\"email\": 12345, \"password\": \"" + PASSWORD + "\"}");
		assertThat(number.status()).isEqualTo(400);
		assertThat(number.code()).isIn("malformed_request", "validation_failed");
	}

	@Test
	void postWhenFieldMissingThenValidationFailedNamingIt() {
		String email = uniqueEmail("missing");
		assertMissing(this.http.post("/auth/signup", "{}"), "email");
		assertMissing(this.http.post("/auth/signup", DemoClient.json("email", email)), "password");
		assertMissing(this.http.post("/auth/signup", DemoClient.json("password", PASSWORD)), "email");
		assertMissing(this.http.post("/auth/signup", DemoClient.json("email", null, "password", PASSWORD)), "email");
		assertMissing(this.http.post("/auth/login", DemoClient.json("email", email)), "password");
		assertMissing(this.http.post("/auth/login", DemoClient.json("password", PASSWORD)), "email");
		assertMissing(this.http.post("/auth/refresh", "{}"), "refreshToken");
		assertMissing(this.http.post("/auth/logout", "{}"), "refreshToken");
		assertMissing(this.http.post("/auth/reset-password", DemoClient.json("password", PASSWORD)), "token");
		assertMissing(this.http.post("/auth/reset-password", DemoClient.json("token", "abc")), "password");
		assertMissing(this.http.post("/auth/verify-email", DemoClient.json("email", email)), "code");
		assertMissing(this.http.post("/auth/verify-email", DemoClient.json("code", "123456")), "email");
		assertMissing(this.http.post("/auth/forgot-password", "{}"), "email");
		assertMissing(this.http.post("/auth/verify-email/resend", "{}"), "email");
		assertMissing(this.http.post("/auth/magic-link/request", "{}"), "email");
		assertMissing(this.http.post("/auth/magic-link/consume", "{}"), "token");

		Tokens tokens = registerVerified(email, PASSWORD);
		assertMissing(this.http.post("/auth/switch-workspace", "{}", "Authorization", "Bearer " + tokens.accessToken()),
				"workspaceId");
	}

	@Test
	void postWhenBodyNullOrEmptyOrNotAnObjectThenMalformedRequest() {
		for (String route : POST_ROUTES) {
			assertProblem(this.http.post(route, "null"), 400, "malformed_request");
			assertProblem(this.http.post(route, ""), 400, "malformed_request");
			assertProblem(this.http.post(route, "[]"), 400, "malformed_request");
			assertProblem(this.http.post(route, "\"a@b.io\""), 400, "malformed_request");
		}
	}

	@Test
	void postWhenJsonDeeplyNestedThenBadRequest() {
		String nested = "{\"email\": \"a@b.io\", \"unknown\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
		DemoClient.Response response = this.http.post("/auth/login", nested);
		assertProblem(response, 400, "malformed_request");
	}

	@Test
	void postWhenJsonPastParserBoundsThenMalformedRequestBeforeAnythingElse() {
		String email = uniqueEmail("bounds");
		// each within auth.web.max-body-size and in a field the server ignores, so only the parser's bounds refuse it
		List<String> bodies = List.of(
				DemoClient.json("email", email, "password", PASSWORD, "note", "n".repeat(20_000)),
				"{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"note\": "
						+ "[".repeat(64) + "]".repeat(64) + "}",
				"{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"" + "k".repeat(2_000) + "\": 1}",
				"{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"note\": " + "9".repeat(2_000) + "}");
		for (String route : POST_ROUTES) {
			for (String body : bodies) {
				assertProblem(this.http.post(route, body), 400, "malformed_request");
			}
		}
	}

	@Test
	void postWhenBodyIsOneMegabyteThenPayloadTooLarge() {
		String huge = "{\"email\": \"a@b.io\", \"password\": \"" + "a".repeat(1024 * 1024) + "\"}";
		assertProblem(this.http.post("/auth/signup", huge), 413, "payload_too_large");
		assertProblem(this.http.post("/auth/login", huge), 413, "payload_too_large");
		byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
		DemoClient.Response chunked = this.http.post("/auth/login",
				BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)), "application/json");
		assertProblem(chunked, 413, "payload_too_large");
	}

	@Test
	void postWhenPathSpelledOtherwiseThenBodyLimitStillApplies() {
		RawHttp raw = new RawHttp(this.port);
		byte[] small = DemoClient.json("email", uniqueEmail("spelling"), "password", PASSWORD)
			.getBytes(StandardCharsets.UTF_8);
		byte[] huge = ("{\"email\": \"a@b.io\", \"password\": \"" + "a".repeat(1024 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		for (String path : List.of("/auth/login", "/auth;x=1/login", "/auth;/login", "/auth/login;x=1", "/%61uth/login",
				"/%61%75%74%68/login", "/auth/%6Cogin", "/auth;x=1/%6cogin;y=2")) {
			// the spelling reaches the login controller (an unknown account: 401), so its limit must hold too
			assertProblem(raw.post(path, "application/json", small), 401, "invalid_credentials");
			assertProblem(raw.post(path, "application/json", huge), 413, "payload_too_large");
		}
	}

	@Test
	void signupWhenPasswordLongerThanBcryptReadsThenWeakPassword() {
		DemoClient.Response tooLong = this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("long"), "password", "p".repeat(73)));
		assertProblem(tooLong, 400, "weak_password");
		DemoClient.Response multiByte = this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("euro"), "password", "\u20ac".repeat(25)));
		assertProblem(multiByte, 400, "weak_password");
		DemoClient.Response limit = this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("limit"), "password", "p7".repeat(36)));
		assertThat(limit.status()).isEqualTo(201);
		assertProblem(this.http.post("/auth/reset-password", DemoClient.json("token", "whatever", "password",
				"p".repeat(73))), 400, "weak_password");
	}

	@Test
	void postWhenNotJsonThenUnsupportedMediaType() {
		String body = DemoClient.json("email", "a@b.io", "password", PASSWORD);
		for (String route : POST_ROUTES) {
			assertProblem(this.http.post(route, BodyPublishers.ofString(body), "text/plain"), 415,
					"unsupported_media_type");
		}
		assertProblem(this.http.post("/auth/login", BodyPublishers.ofString(body), "application/x-www-form-urlencoded"),
				415, "unsupported_media_type");
		assertProblem(this.http.post("/auth/login", BodyPublishers.ofString(body), null), 415,
				"unsupported_media_type");
	}

	@Test
	void postWhenMultipartOrOtherNonJsonTypeThenUnsupportedMediaTypeOnEveryRoute() {
		RawHttp raw = new RawHttp(this.port);
		byte[] wellFormed = ("--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.io\r\n--x--\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] truncated = "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b".getBytes(StandardCharsets.UTF_8);
		byte[] json = DemoClient.json("email", "a@b.io", "password", PASSWORD).getBytes(StandardCharsets.UTF_8);
		List<String> types = java.util.Arrays.asList("multipart/form-data; boundary=x", "multipart/form-data",
				"multipart/form-data; boundary=", "MULTIPART/FORM-DATA; boundary=x", "multipart/mixed; boundary=x",
				"multipart/mixed", "application/x-www-form-urlencoded", "text/plain", ";;;", "", null);
		for (String route : POST_ROUTES) {
			for (String type : types) {
				for (byte[] body : List.of(wellFormed, truncated, json)) {
					assertProblem(raw.post(route, type, body), 415, "unsupported_media_type");
				}
			}
		}
	}

	@Test
	void requestWhenMethodWrongThenMethodNotAllowed() {
		for (String route : POST_ROUTES) {
			DemoClient.Response response = this.http.get(route);
			assertProblem(response, 405, "method_not_allowed");
			assertThat(response.header("Allow")).contains("POST");
		}
		assertProblem(this.http.send(this.http.request("/auth/login").DELETE()), 405, "method_not_allowed");
		assertProblem(this.http.send(this.http.request("/auth/signup")
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{}"))), 405, "method_not_allowed");
	}

	@Test
	void requestWhenAuthPathUnknownThenNotFound() {
		assertProblem(this.http.get("/auth/does-not-exist"), 404, "not_found");
		assertProblem(this.http.post("/auth/does-not-exist", "{}"), 404, "not_found");
		assertProblem(this.http.post("/auth/login/extra", "{}"), 404, "not_found");
	}

	@Test
	void emailWhenContainsCarriageReturnOrLineFeedThenRejectedAndNothingMailed() {
		String victim = uniqueEmail("crlf");
		String injected = uniqueEmail("injected");
		registerVerified(victim, PASSWORD);
		List<String> attacks = List.of(victim + "\r\nBcc: " + injected, victim.replace("@", "\r\n@"),
				victim.replace("@", "\n@"), victim + "\rBcc:" + injected,
				victim.replace("@", "\u2028@"));
		int before = TestMail.messagesTo(victim).size();
		for (String email : attacks) {
			assertProblem(this.http.post("/auth/signup", DemoClient.json("email", email, "password", PASSWORD)), 400,
					"validation_failed");
			assertProblem(this.http.post("/auth/forgot-password", DemoClient.json("email", email)), 400,
					"validation_failed");
			assertProblem(this.http.post("/auth/verify-email/resend", DemoClient.json("email", email)), 400,
					"validation_failed");
			assertProblem(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)), 400,
					"validation_failed");
			assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 400,
					"validation_failed");
		}
		TestMail.sleep(300);
		assertThat(TestMail.messagesTo(injected)).isEmpty();
		assertThat(TestMail.messagesTo(victim)).hasSize(before);
	}

	@Test
	void signupWhenServerOwnedFieldsSentThenIgnored() {
		String email = uniqueEmail("owned");
		UUID chosenUser = UUID.randomUUID();
		UUID chosenWorkspace = UUID.randomUUID();
		DemoClient.Response response = this.http.post("/auth/signup",
				DemoClient.json("email", email, "password", PASSWORD, "userId", chosenUser.toString(), "workspaceId",
						chosenWorkspace.toString(), "role", "admin", "emailVerified", true, "unknown", "x"));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.text("userId")).isNotEqualTo(chosenUser.toString());
		assertThat(response.text("workspaceId")).isNotEqualTo(chosenWorkspace.toString());
		assertThat(response.json().get("emailVerificationRequired").asBoolean()).isTrue();
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD)), 403,
				"email_not_verified");
		assertThat(this.jdbc.queryForObject(
				"SELECT role FROM auth.workspace_members WHERE user_id = ?::uuid", String.class, response.text("userId")))
			.isEqualTo("owner");
	}

	private static void assertMissing(DemoClient.Response response, String field) {
		assertProblem(response, 400, "validation_failed");
		assertThat(response.json().path("field").asString()).as("field of %s", response).isEqualTo(field);
	}

}
