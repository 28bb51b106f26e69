package dev.systemauth.demo;

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
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.classic.require-email-verification=false}: signup answers 201 with the token fields, and
 * those tokens stay out of the log even with Spring MVC's request logging at TRACE (every request and
 * response type of the library redacts its secrets in {@code toString}).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "auth.classic.require-email-verification=false")
class SignupWithoutVerificationTests extends AbstractDemoAppTests {

	private static final List<String> VERBOSE_LOGGERS = List.of("org.springframework.web", "dev.systemauth");

	@Autowired
	LoggingSystem loggingSystem;

	@BeforeEach
	void verboseLogging() {
		VERBOSE_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, LogLevel.TRACE));
	}

	@AfterEach
	void defaultLogging() {
		VERBOSE_LOGGERS.forEach((name) -> this.loggingSystem.setLogLevel(name, null));
	}

	@Test
	void signupWhenNoVerificationPendingThenTokensInTheAnswerAndNotInTheLog(CapturedOutput output) {
		String email = uniqueEmail("no-verify");
		String password = "skip-check-" + UUID.randomUUID();
		DemoClient.Response signup = this.http.post("/auth/signup", DemoClient.json("email", email, "password", password));
		assertThat(signup.status()).isEqualTo(201);
		assertThat(signup.header("Cache-Control")).contains("no-store");
		JsonNode body = signup.json();
		assertThat(body.get("emailVerificationRequired").asBoolean()).isFalse();
		assertThat(body.propertyNames()).contains("userId", "workspaceId", "accessToken", "refreshToken", "tokenType",
				"expiresIn");
		assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
		String accessToken = body.get("accessToken").asString();
		String refreshToken = body.get("refreshToken").asString();
		UUID workspaceId = UUID.fromString(body.get("workspaceId").asString());
		assertThat(tenantMe(accessToken, workspaceId).status()).isEqualTo(200);
		Tokens login = login(email, password);
		DemoClient.Response refreshed = refresh(refreshToken);
		assertTokenResponse(refreshed);

		assertThat(output.getAll()).as("the capture sees Spring MVC's TRACE logging").contains("/auth/signup");
		String log = output.getAll();
		new LeakScanner().secret("application log", log, "the password", password)
			.secret("application log", log, "the signup access token", accessToken)
			.secret("application log", log, "the signup refresh token", refreshToken)
			.secret("application log", log, "the login access token", login.accessToken())
			.secret("application log", log, "the login refresh token", login.refreshToken())
			.secret("application log", log, "the refreshed access token", Tokens.of(refreshed).accessToken())
			.secret("application log", log, "the refreshed refresh token", Tokens.of(refreshed).refreshToken())
			.assertNone();
	}

}
