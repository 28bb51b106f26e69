package dev.systemauth.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.systemauth.interop.Interop.Response;
import dev.systemauth.interop.Interop.Session;
import dev.systemauth.interop.host.HostApplication;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.interop.Interop.assertProblem;
import static dev.systemauth.interop.Interop.bearerGet;
import static dev.systemauth.interop.Interop.get;
import static dev.systemauth.interop.Interop.json;
import static dev.systemauth.interop.Interop.port;
import static dev.systemauth.interop.Interop.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that uses the starter with its default HS256 tokens and is also an OAuth2 resource server
 * ({@code oauth2ResourceServer(jwt)}) on its own routes, for JWTs of its own issuer. Each side refuses the
 * other's tokens: the host's resource server cannot verify ours (it does not hold the HS256 secret, and would
 * not trust it if it did), and our chain accepts only our own. The starter's auth routes keep working, and
 * with HS256 no keys are published.
 */
class HostResourceServerTests {

	private static TestDatabase database;

	private static ConfigurableApplicationContext host;

	private static KeyPair hostIssuerKey;

	private static Path hostIssuerPublicKey;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		database = TestDatabase.create();
		hostIssuerKey = Interop.rsa();
		hostIssuerPublicKey = Files.createTempFile("host-issuer", ".pem");
		Files.writeString(hostIssuerPublicKey, Interop.pem(hostIssuerKey.getPublic()));
		List<String> args = new ArrayList<>(List.of("--spring.config.name=host", "--server.port=0",
				"--auth.jwt.access-token-secret=host-access-secret-0123456789abcdef-0123456",
				"--auth.web.protected-paths=/app/**",
				"--spring.security.oauth2.resourceserver.jwt.public-key-location=" + hostIssuerPublicKey.toUri()));
		args.addAll(Interop.starterArgs(database));
		host = new SpringApplicationBuilder(HostApplication.class).run(args.toArray(String[]::new));
		port = port(host);
	}

	@AfterAll
	static void stop() throws IOException {
		if (host != null) {
			host.close();
		}
		database.drop();
		Files.deleteIfExists(hostIssuerPublicKey);
	}

	@Test
	void hostRouteWhenHostJwtThenServedByHostResourceServer() {
		Response response = bearerGet(port, "/api/hello", hostJwt("host-user"));
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("subject").asString()).isEqualTo("host-user");
	}

	@Test
	void hostRouteWhenStarterTokenThenRefusedByHostResourceServer() {
		Session session = Interop.signup(port);
		Response response = bearerGet(port, "/api/hello", session.accessToken(), "x-workspace-id",
				session.workspaceId().toString());
		assertThat(response.status()).as("%s", response).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
	}

	@Test
	void protectedPathWhenStarterTokenThenServed() {
		Session session = Interop.signup(port);
		Response response = bearerGet(port, "/app/me", session.accessToken(), "x-workspace-id",
				session.workspaceId().toString());
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("workspaceId").asString()).isEqualTo(session.workspaceId().toString());
	}

	@Test
	void protectedPathWhenHostJwtThenRefusedByStarter() {
		Session session = Interop.signup(port);
		Response response = bearerGet(port, "/app/me", hostJwt(session.userId().toString()), "x-workspace-id",
				session.workspaceId().toString());
		assertProblem(response, 401, "invalid_token");
	}

	@Test
	void authRoutesWhenHostIsResourceServerThenStillServed() {
		Session session = Interop.signup(port);
		Session login = Interop.login(port, session);
		Response refresh = post(port, "/auth/refresh", json("refreshToken", login.refreshToken()));
		assertThat(refresh.status()).as("%s", refresh).isEqualTo(200);
		Response sessions = bearerGet(port, "/auth/sessions", login.accessToken());
		assertThat(sessions.status()).as("%s", sessions).isEqualTo(200);
		Response logout = post(port, "/auth/logout", json("refreshToken", Session.of(refresh, "").refreshToken()));
		assertThat(logout.status()).as("%s", logout).isEqualTo(204);
	}

	@Test
	void publishedKeysWhenHs256ThenBothRoutesNotFound() {
		assertProblem(get(port, "/auth/.well-known/jwks.json"), 404, "not_found");
		assertProblem(get(port, "/auth/.well-known/openid-configuration"), 404, "not_found");
	}

	/** A JWT of the host's own issuer, which the host's resource server trusts. */
	private static String hostJwt(String subject) {
		Instant now = Instant.now();
		return Jwts.builder()
			.subject(subject)
			.claim("workspace_id", UUID.randomUUID().toString())
			.issuer("https://host-issuer.example")
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plusSeconds(300)))
			.signWith(hostIssuerKey.getPrivate(), Jwts.SIG.RS256)
			.compact();
	}

}
