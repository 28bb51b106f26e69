package dev.systemauth.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every flow with known secrets, then proves that none of them reached the audit log or the
 * application log: passwords (good, wrong, refused), access and refresh tokens, verification codes, reset
 * and magic-link tokens. The library's and Spring MVC's loggers run at TRACE and Spring's JDBC, transaction
 * and mail loggers at DEBUG (as an operator chasing a problem would set them), so that what they print is
 * checked too: at TRACE, Spring MVC prints every request and response body through its {@code toString}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTests extends AbstractDemoAppTests {

	private static final List<String> TRACE_LOGGERS = List.of("dev.systemauth", "org.springframework.web");

	private static final List<String> DEBUG_LOGGERS = List.of("org.springframework.jdbc",
			"org.springframework.transaction", "org.springframework.mail");

	@Autowired
	LoggingSystem loggingSystem;

	private final List<String> secrets = new ArrayList<>();

	private final List<String> codes = new ArrayList<>();

	@BeforeEach
	void verboseLogging() {
		TRACE_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, LogLevel.TRACE));
		DEBUG_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, LogLevel.DEBUG));
	}

	@AfterEach
	void defaultLogging() {
		TRACE_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, null));
		DEBUG_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, null));
	}

	@Test
	void flowsWhenRunThenNoSecretInAuditRowsOrLogs(CapturedOutput output) {
		String email = uniqueEmail("leak");
		String password = secret("Leak-Password-");
		String newPassword = secret("Leak-NewPassword-");

		signup(email, password);
		this.codes.add(verifyWithCode(email, 1));
		Tokens first = login(email, password);
		remember(first);
		assertProblem(this.http.post("/auth/login", DemoClient.json("email", email, "password", secret("Leak-Wrong-"))),
				401, "invalid_credentials");
		assertProblem(this.http.post("/auth/login",
				DemoClient.json("email", uniqueEmail("leak-unknown"), "password", secret("Leak-Unknown-"))), 401,
				"invalid_credentials");
		assertProblem(this.http.post("/auth/signup",
				DemoClient.json("email", uniqueEmail("leak-long"), "password", secret("Leak-TooLong-") + "x".repeat(60))),
				400, "weak_password");
		assertProblem(this.http.post("/auth/login",
				"{\"email\": \"" + email + "\", \"password\": \"" + secret("Leak-Malformed-") + "\",, }"), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/login",
				"{\"email\": [\"" + email + "\"], \"password\": \"" + secret("Leak-WrongType-") + "\"}"), 400,
				"malformed_request");

		DemoClient.Response refreshed = refresh(first.refreshToken());
		assertTokenResponse(refreshed);
		remember(Tokens.of(refreshed));
		assertProblem(refresh(first.refreshToken()), 401, "invalid_token");

		Tokens second = login(email, password);
		remember(second);
		assertThat(tenantMe(second.accessToken(), second.workspaceId()).status()).isEqualTo(200);
		assertProblem(tenantMe(second.refreshToken(), second.workspaceId()), 401, "invalid_token");
		assertProblem(tenantMe(second.accessToken(), UUID.randomUUID()), 403, "workspace_mismatch");
		assertThat(this.http.post("/auth/logout", DemoClient.json("refreshToken", second.refreshToken())).status())
			.isEqualTo(204);

		assertThat(this.http.post("/auth/forgot-password", DemoClient.json("email", email)).status()).isEqualTo(202);
		String resetToken = TestMail.linkToken(TestMail.awaitMessage(email, 2));
		this.secrets.add(resetToken);
		assertThat(this.http.post("/auth/reset-password", DemoClient.json("token", resetToken, "password", newPassword))
			.status()).isEqualTo(204);
		assertThat(this.http.post("/auth/reset-password", DemoClient.json("token", resetToken, "password", newPassword))
			.status()).isEqualTo(400);

		assertThat(this.http.post("/auth/magic-link/request", DemoClient.json("email", email)).status()).isEqualTo(202);
		String magicToken = TestMail.linkToken(TestMail.awaitMessage(email, 3));
		this.secrets.add(magicToken);
		DemoClient.Response magic = this.http.post("/auth/magic-link/consume", DemoClient.json("token", magicToken));
		assertTokenResponse(magic);
		remember(Tokens.of(magic));
		assertProblem(this.http.post("/auth/magic-link/consume", DemoClient.json("token", magicToken)), 401,
				"invalid_token");
		remember(login(email, newPassword));

		String pending = uniqueEmail("leak-pending");
		signup(pending, secret("Leak-Waiting-"));
		this.codes.add(TestMail.verificationCode(TestMail.awaitMessage(pending, 1)));
		assertThat(this.http.post("/auth/verify-email/resend", DemoClient.json("email", pending)).status())
			.isEqualTo(202);
		String resent = TestMail.verificationCode(TestMail.awaitMessage(pending, 2));
		this.codes.add(resent);
		String wrongCode = resent.equals("999999") ? "999998" : "999999";
		assertProblem(this.http.post("/auth/verify-email", DemoClient.json("email", pending, "code", wrongCode)), 400,
				"invalid_code");
		assertThat(this.http.post("/auth/verify-email", DemoClient.json("email", pending, "code", resent)).status())
			.isEqualTo(204);

		List<String> auditRows = this.jdbc.queryForList("SELECT a::text FROM auth.audit_logs a", String.class);
		assertThat(auditRows).hasSizeGreaterThan(10);
		assertThat(output.getAll()).as("the capture sees the app's request logging").contains("/auth/login");
		LeakScanner scanner = new LeakScanner();
		scan(scanner, "audit_logs", String.join("\n", auditRows));
		scan(scanner, "application log", output.getAll());
		scanner.assertNone();
	}

	private String secret(String prefix) {
		String secret = prefix + UUID.randomUUID();
		this.secrets.add(secret);
		return secret;
	}

	private void remember(Tokens tokens) {
		this.secrets.add(tokens.accessToken());
		this.secrets.add(tokens.refreshToken());
	}

	private void scan(LeakScanner scanner, String where, String text) {
		assertThat(this.secrets).hasSizeGreaterThan(15);
		for (String secret : this.secrets) {
			scanner.secret(where, text, "a password or token", secret);
		}
		for (String code : this.codes) {
			scanner.code(where, text, code);
		}
	}

}
