package dev.systemauth.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.systemauth.interop.Interop.Response;
import dev.systemauth.interop.Interop.Session;
import dev.systemauth.testing.TestDatabase;

import static dev.systemauth.interop.Interop.bearerGet;
import static dev.systemauth.interop.Interop.issuer;
import static dev.systemauth.interop.Interop.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What the README says about algorithms other than RS256 with Spring Security's resource server, checked:
 * ES256 needs {@code jws-algorithms: ES256} (Boot's default is RS256 only), and EdDSA is not supported at all
 * (the property refuses it at start-up, and a stock server refuses the tokens).
 */
class AlgorithmSupportInteropTests {

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		database.drop();
	}

	@Test
	void resourceServerWhenEs256TokensThenAcceptedOnlyWithJwsAlgorithmsEs256() {
		int authPort = Interop.freePort();
		try (ConfigurableApplicationContext auth = Interop.startIssuer(database, authPort, "ES256",
				Interop.p256().getPrivate())) {
			Session session = Interop.signup(authPort);
			String jwkSetUri = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer(authPort)
					+ "/.well-known/jwks.json";
			try (ConfigurableApplicationContext es256 = Interop.startResourceServer(jwkSetUri,
					"spring.security.oauth2.resourceserver.jwt.jws-algorithms=ES256")) {
				Response response = bearerGet(port(es256), "/api/whoami", session.accessToken());
				assertThat(response.status()).as("%s", response).isEqualTo(200);
				assertThat(response.json().get("workspaceId").asString()).isEqualTo(session.workspaceId().toString());
			}
			try (ConfigurableApplicationContext defaults = Interop.startResourceServer(jwkSetUri)) {
				assertThat(bearerGet(port(defaults), "/api/whoami", session.accessToken()).status()).isEqualTo(401);
			}
		}
	}

	@Test
	void resourceServerWhenEdDsaTokensThenNotSupported() {
		int authPort = Interop.freePort();
		try (ConfigurableApplicationContext auth = Interop.startIssuer(database, authPort, "EdDSA",
				Interop.ed25519().getPrivate())) {
			Session session = Interop.signup(authPort);
			String jwkSetUri = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer(authPort)
					+ "/.well-known/jwks.json";
			try (ConfigurableApplicationContext defaults = Interop.startResourceServer(jwkSetUri)) {
				assertThat(bearerGet(port(defaults), "/api/whoami", session.accessToken()).status()).isEqualTo(401);
			}
			assertThatException().isThrownBy(() -> Interop.startResourceServer(jwkSetUri,
					"spring.security.oauth2.resourceserver.jwt.jws-algorithms=EdDSA").close());
		}
	}

}
