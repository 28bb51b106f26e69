package dev.systemauth.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.password.CompromisedPasswordChecker;
import org.springframework.security.authentication.password.CompromisedPasswordDecision;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.AuthRequests;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Password screening as the autoconfiguration wires it, on a real PostgreSQL: the application's name refused
 * inside passwords, and the optional Have I Been Pwned range check against a stub on 127.0.0.1 (never the
 * internet): a breached password refused, a clean one accepted, only a five-character prefix sent, and a
 * timeout handled as {@code auth.password.breach-check.on-error} says.
 */
class PasswordScreeningAutoConfigurationTests {

	/** Passes every local rule; the stub reports it as breached. */
	private static final String BREACHED = "kettle sings over the fjord";

	private static final String CLEAN = "violet lantern orbits the quarry";

	private static TestDatabase database;

	private static HttpServer server;

	private static ExecutorService serverThreads;

	private static final List<String> requestedPaths = new CopyOnWriteArrayList<>();

	private static volatile Behaviour behaviour = Behaviour.ANSWER;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class))
		.withBean(DataSource.class, () -> hostDataSource(database))
		.withPropertyValues(VALID_PROPERTIES)
		.withPropertyValues("auth.classic.require-email-verification=false");

	@BeforeAll
	static void start() throws IOException {
		database = TestDatabase.create();
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		serverThreads = Executors.newCachedThreadPool();
		server.setExecutor(serverThreads);
		server.createContext("/range/", PasswordScreeningAutoConfigurationTests::range);
		server.start();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
		serverThreads.shutdownNow();
		database.drop();
	}

	@BeforeEach
	void reset() {
		requestedPaths.clear();
		behaviour = Behaviour.ANSWER;
	}

	@Test
	void signupWhenPasswordContainsApplicationNameThenWeakPassword() {
		this.contextRunner.withPropertyValues("auth.mail.application-name=Quokka Ledger").run((context) -> {
			AuthException ex = catchThrowableOfType(AuthException.class,
					() -> signup(context.getBean(SignupFlow.class), "my quokka-ledger login"));
			assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.WEAK_PASSWORD);
			assertThat(ex.getProperties()).containsEntry("reason", "contains_context_word");
			assertThat(signup(context.getBean(SignupFlow.class), CLEAN)).isNotNull();
		});
	}

	@Test
	void provisionWhenPasswordContainsEmailLocalPartThenWeakPassword() {
		this.contextRunner.run((context) -> {
			AuthException ex = catchThrowableOfType(AuthException.class,
					() -> context.getBean(AuthProvisioningService.class)
						.provisionClassicUser("Theodora.Quill@example.test", "quill of theodora", "Quill Co",
								"quill-co", true));
			assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.WEAK_PASSWORD);
			assertThat(ex.getProperties()).containsEntry("reason", "contains_email");
		});
	}

	@Test
	void contextWhenBreachCheckNotEnabledThenNoCheckerAndNothingSent() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(CompromisedPasswordChecker.class);
			assertThat(signup(context.getBean(SignupFlow.class), BREACHED)).isNotNull();
			assertThat(requestedPaths).isEmpty();
		});
	}

	@Test
	void signupWhenBreachCheckEnabledThenBreachedRefusedAndCleanAccepted() {
		breachCheck().run((context) -> {
			assertThat(context).hasSingleBean(CompromisedPasswordChecker.class);
			SignupFlow flow = context.getBean(SignupFlow.class);
			AuthException ex = catchThrowableOfType(AuthException.class, () -> signup(flow, BREACHED));
			assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.WEAK_PASSWORD);
			assertThat(ex.getProperties()).containsEntry("reason", "breached");
			assertThat(signup(flow, CLEAN)).isNotNull();
		});
	}

	@Test
	void breachCheckSendsOnlyTheFiveCharacterPrefixOfTheHash() {
		breachCheck().run((context) -> {
			SignupFlow flow = context.getBean(SignupFlow.class);
			catchThrowableOfType(AuthException.class, () -> signup(flow, BREACHED));
			signup(flow, CLEAN);
			assertThat(requestedPaths).containsExactly("/range/" + sha1(BREACHED).substring(0, 5),
					"/range/" + sha1(CLEAN).substring(0, 5));
			for (String path : requestedPaths) {
				assertThat(path).matches("/range/[0-9A-F]{5}");
				assertThat(path).doesNotContain(sha1(BREACHED).substring(5, 10))
					.doesNotContain(sha1(CLEAN).substring(5, 10))
					.doesNotContain("kettle")
					.doesNotContain("violet");
			}
		});
	}

	@Test
	void signupWhenBreachCheckTimesOutAndOnErrorDefaultThenAllowed() {
		behaviour = Behaviour.HANG;
		breachCheck().withPropertyValues("auth.password.breach-check.timeout=300ms").run((context) -> {
			assertThat(signup(context.getBean(SignupFlow.class), BREACHED)).isNotNull();
			assertThat(requestedPaths).hasSize(1);
		});
	}

	@Test
	void signupWhenBreachCheckTimesOutAndOnErrorRejectThenServiceUnavailable() {
		behaviour = Behaviour.HANG;
		breachCheck().withPropertyValues("auth.password.breach-check.timeout=300ms",
				"auth.password.breach-check.on-error=reject")
			.run((context) -> {
				AuthException ex = catchThrowableOfType(AuthException.class,
						() -> signup(context.getBean(SignupFlow.class), CLEAN));
				assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.SERVICE_UNAVAILABLE);
				assertThat(ex.getProperties()).containsEntry("reason", "breach_check_unavailable");
				assertThat(requestedPaths).hasSize(1);
			});
	}

	@Test
	void signupWhenBreachServiceAnswersErrorAndOnErrorRejectThenServiceUnavailable() {
		behaviour = Behaviour.FAIL;
		breachCheck().withPropertyValues("auth.password.breach-check.on-error=reject").run((context) -> {
			AuthException ex = catchThrowableOfType(AuthException.class,
					() -> signup(context.getBean(SignupFlow.class), CLEAN));
			assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.SERVICE_UNAVAILABLE);
		});
	}

	@Test
	void contextWhenHostDefinesCheckerThenItIsUsedInsteadOfTheService() {
		CompromisedPasswordChecker own = (password) -> new CompromisedPasswordDecision(CLEAN.equals(password));
		breachCheck().withBean(CompromisedPasswordChecker.class, () -> own).run((context) -> {
			assertThat(context.getBean(CompromisedPasswordChecker.class)).isSameAs(own);
			AuthException ex = catchThrowableOfType(AuthException.class,
					() -> signup(context.getBean(SignupFlow.class), CLEAN));
			assertThat(ex.getProperties()).containsEntry("reason", "breached");
			assertThat(requestedPaths).isEmpty();
		});
	}

	@Test
	void contextWhenBreachCheckEnabledWithoutSpringSecurityWebThenFailsNamingTheProperty() {
		breachCheck().withClassLoader(new FilteredClassLoader("org.springframework.security.web")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.anySatisfy((message) -> assertThat(message).contains("auth.password.breach-check.enabled"));
		});
	}

	private ApplicationContextRunner breachCheck() {
		return this.contextRunner.withPropertyValues("auth.password.breach-check.enabled=true",
				"auth.password.breach-check.api-url=http://127.0.0.1:" + server.getAddress().getPort() + "/range/");
	}

	private static Object signup(SignupFlow flow, String password) {
		String email = "screen-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
		return flow.signup(new AuthRequests.Signup(email, password, null, null), ClientInfo.SERVER);
	}

	private static void range(HttpExchange exchange) throws IOException {
		requestedPaths.add(exchange.getRequestURI().toString());
		try (exchange) {
			switch (behaviour) {
				case HANG -> {
					try {
						Thread.sleep(3_000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					respond(exchange, 200, "");
				}
				case FAIL -> respond(exchange, 500, "");
				case ANSWER -> {
					String prefix = exchange.getRequestURI().getPath().substring("/range/".length());
					StringBuilder body = new StringBuilder("0018A45C4D1DEF81644B54AB7F969B88D65:3\r\n");
					if (sha1(BREACHED).startsWith(prefix)) {
						body.append(sha1(BREACHED).substring(5)).append(":42\r\n");
					}
					body.append("00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2");
					respond(exchange, 200, body.toString());
				}
			}
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static String sha1(String password) {
		try {
			return HexFormat.of()
				.withUpperCase()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private enum Behaviour {

		ANSWER, HANG, FAIL

	}

}
