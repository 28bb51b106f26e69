package dev.systemauth.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.systemauth.interop.issuer.IssuerApplication;
import dev.systemauth.resourceserver.ResourceServerApplication;
import dev.systemauth.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the interop tests share: apps started in this JVM on real ports (each with only its own
 * configuration: {@code spring.config.name} keeps the resource server's {@code application.yml} out of the
 * others), RSA keys as PEM, and a plain HTTP client (no cookies, no credentials unless given).
 */
final class Interop {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String PASSWORD = "interop-password-" + UUID.randomUUID();

	/** The starter's auto-configuration and the database's, which a service without the starter never runs. */
	private static final String STARTER_AUTO_CONFIGURATION = String.join(",",
			"dev.systemauth.autoconfigure.AuthCoreAutoConfiguration",
			"dev.systemauth.autoconfigure.AuthWebAutoConfiguration",
			"dev.systemauth.autoconfigure.AuthSecurityAutoConfiguration",
			"dev.systemauth.autoconfigure.AuthObservationAutoConfiguration",
			"dev.systemauth.autoconfigure.AuthJwksAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Interop() {
	}

	/** The auth service: the starter, RS256 with the given key, on the given port. */
	static ConfigurableApplicationContext startIssuer(TestDatabase database, int port, PrivateKey signingKey,
			Key... previousVerificationKeys) {
		return startIssuer(database, port, "RS256", signingKey, previousVerificationKeys);
	}

	/** The auth service: the starter, signing with the given algorithm and key, on the given port. */
	static ConfigurableApplicationContext startIssuer(TestDatabase database, int port, String algorithm,
			PrivateKey signingKey, Key... previousVerificationKeys) {
		List<String> args = new ArrayList<>(List.of("--spring.config.name=issuer", "--server.port=" + port,
				"--auth.jwt.algorithm=" + algorithm, "--auth.jwt.signing-key=" + pem(signingKey),
				"--auth.jwt.issuer=" + issuer(port), "--auth.jwt.audience=interop-clients"));
		for (int i = 0; i < previousVerificationKeys.length; i++) {
			args.add("--auth.jwt.previous-verification-keys[" + i + "]=" + pem(previousVerificationKeys[i]));
		}
		args.addAll(starterArgs(database));
		return new SpringApplicationBuilder(IssuerApplication.class).run(args.toArray(String[]::new));
	}

	/** The other service: a stock resource server told only the auth service's JWK Set URL. */
	static ConfigurableApplicationContext startResourceServer(int issuerPort) {
		return startResourceServer(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer(issuerPort) + "/.well-known/jwks.json");
	}

	/** The other service, with the given {@code spring.security.oauth2.resourceserver.*} properties instead. */
	static ConfigurableApplicationContext startResourceServer(String... properties) {
		List<String> args = new ArrayList<>(List.of("--spring.config.name=resource-server-test", "--server.port=0",
				"--spring.autoconfigure.exclude=" + STARTER_AUTO_CONFIGURATION));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(ResourceServerApplication.class).run(args.toArray(String[]::new));
	}

	/** Database, secrets other than the signing key, sign-up answered with tokens, no throttling in the way. */
	static List<String> starterArgs(TestDatabase database) {
		return List.of("--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + ((database.password() != null) ? database.password() : ""),
				"--auth.jwt.refresh-token-secret=interop-refresh-secret-0123456789abcdef-01234",
				"--auth.jwt.token-hash-secret=interop-token-hash-secret-0123456789abcdef-01",
				"--auth.links.base-url=http://localhost:3000", "--auth.classic.require-email-verification=false",
				"--auth.password.bcrypt-cost=10", "--auth.throttle.ip-max-attempts=1000000",
				"--auth.throttle.ip-max-email-requests=1000000", "--auth.throttle.account-max-failures=1000000");
	}

	static String issuer(int port) {
		return "http://localhost:" + port + "/auth";
	}

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair p256() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static KeyPair ed25519() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(Key key) {
		String label = (key instanceof PrivateKey) ? "PRIVATE KEY" : "PUBLIC KEY";
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

	static String json(Object... namesAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(map);
	}

	/** Signs up at the auth service; 201 with tokens. */
	static Session signup(int port) {
		String email = "member-" + UUID.randomUUID().toString().substring(0, 12) + "@interop.test";
		Response response = post(port, "/auth/signup", json("email", email, "password", PASSWORD));
		assertThat(response.status()).as("signup %s", response).isEqualTo(201);
		return Session.of(response, email);
	}

	static Session login(int port, Session session) {
		Response response = post(port, "/auth/login", json("email", session.email(), "password", PASSWORD,
				"workspaceId", session.workspaceId().toString()));
		assertThat(response.status()).as("login %s", response).isEqualTo(200);
		return Session.of(response, session.email());
	}

	/** The token with its {@code workspace_id} claim changed and its signature kept. */
	static String withOtherWorkspace(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		JsonNode claims = JSON.readTree(payload);
		String changed = payload.replace(claims.get("workspace_id").asString(), UUID.randomUUID().toString());
		assertThat(changed).isNotEqualTo(payload);
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

	static String header(String token, String name) {
		String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
		return JSON.readTree(header).get(name).asString();
	}

	static Response bearerGet(int port, String path, String token, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Authorization";
		all[1] = "Bearer " + token;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return get(port, path, all);
	}

	static Response get(int port, String path, String... headers) {
		return send(request(port, path, headers).GET());
	}

	static Response post(int port, String path, String json, String... headers) {
		return send(request(port, path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static HttpRequest.Builder request(int port, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
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
		assertThat(response.header("Content-Type")).as("content type of %s", response)
			.startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).as("code of %s", response).isEqualTo(code);
	}

	/**
	 * A signed-in member.
	 * @param email the member's address
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 * @param userId the user
	 * @param workspaceId the workspace of the token
	 */
	record Session(String email, String accessToken, String refreshToken, UUID userId, UUID workspaceId) {

		static Session of(Response response, String email) {
			JsonNode body = response.json();
			return new Session(email, body.get("accessToken").asString(), body.get("refreshToken").asString(),
					UUID.fromString(body.get("userId").asString()), UUID.fromString(body.get("workspaceId").asString()));
		}

		@Override
		public String toString() {
			return "Session[" + this.userId + " in " + this.workspaceId + "]";
		}

	}

	/**
	 * One HTTP answer.
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
			return this.status + " " + this.headers.map() + " " + this.body;
		}

	}

}
