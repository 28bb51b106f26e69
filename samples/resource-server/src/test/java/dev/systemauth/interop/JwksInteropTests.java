package dev.systemauth.interop;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.systemauth.interop.Interop.Response;
import dev.systemauth.interop.Interop.Session;
import dev.systemauth.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

import static dev.systemauth.interop.Interop.bearerGet;
import static dev.systemauth.interop.Interop.get;
import static dev.systemauth.interop.Interop.header;
import static dev.systemauth.interop.Interop.issuer;
import static dev.systemauth.interop.Interop.port;
import static dev.systemauth.interop.Interop.signup;
import static dev.systemauth.interop.Interop.withOtherWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: the auth service (the starter, RS256) and another service that is a stock Spring Security
 * resource server given only the auth service's JWK Set URL. It accepts the starter's access tokens, reads
 * {@code workspace_id}, and refuses tampered or foreign ones; the published documents are what it and an
 * {@code issuer-uri} resource server need.
 */
class JwksInteropTests {

	private static TestDatabase database;

	private static ConfigurableApplicationContext auth;

	private static ConfigurableApplicationContext resourceServer;

	private static int authPort;

	private static int resourcePort;

	private static KeyPair signingKey;

	@BeforeAll
	static void start() {
		database = TestDatabase.create();
		authPort = Interop.freePort();
		signingKey = Interop.rsa();
		auth = Interop.startIssuer(database, authPort, signingKey.getPrivate());
		resourceServer = Interop.startResourceServer(authPort);
		resourcePort = port(resourceServer);
	}

	@AfterAll
	static void stop() {
		if (resourceServer != null) {
			resourceServer.close();
		}
		if (auth != null) {
			auth.close();
		}
		database.drop();
	}

	@Test
	void resourceServerWhenStarterTokenThenAcceptedAndReadsWorkspaceId() {
		Session session = signup(authPort);
		Response response = bearerGet(resourcePort, "/api/whoami", session.accessToken());
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("userId").asString()).isEqualTo(session.userId().toString());
		assertThat(body.get("workspaceId").asString()).isEqualTo(session.workspaceId().toString());
		assertThat(body.get("issuer").asString()).isEqualTo(issuer(authPort));
		assertThat(body.get("audience").values()).extracting(JsonNode::asString).containsExactly("interop-clients");
		assertThat(body.get("kid").asString()).isEqualTo(header(session.accessToken(), "kid"));
		assertThat(header(session.accessToken(), "alg")).isEqualTo("RS256");
	}

	@Test
	void resourceServerWhenWorkspaceClaimTamperedThenRefused() {
		Session session = signup(authPort);
		Response response = bearerGet(resourcePort, "/api/whoami", withOtherWorkspace(session.accessToken()));
		assertThat(response.status()).as("%s", response).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void resourceServerWhenSignedWithAnotherKeyUnderOurKidThenRefused() throws Exception {
		Session session = signup(authPort);
		String[] parts = session.accessToken().split("\\.");
		KeyPair attacker = Interop.rsa();
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(attacker.getPrivate());
		signer.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
		String forged = parts[0] + "." + parts[1] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
		Response response = bearerGet(resourcePort, "/api/whoami", forged);
		assertThat(response.status()).as("%s", response).isEqualTo(401);
		Response starter = bearerGet(authPort, "/auth/sessions", forged);
		Interop.assertProblem(starter, 401, "invalid_token");
	}

	@Test
	void bothWhenHs256SignedWithThePublishedPublicKeyOrAlgNoneThenRefused() throws Exception {
		Session session = signup(authPort);
		String[] parts = session.accessToken().split("\\.");
		String kid = header(session.accessToken(), "kid");
		String hs256 = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
		List<String> forgeries = new ArrayList<>();
		for (byte[] secret : List.of(signingKey.getPublic().getEncoded(),
				Interop.pem(signingKey.getPublic()).getBytes(StandardCharsets.US_ASCII),
				get(authPort, "/auth/.well-known/jwks.json").body().getBytes(StandardCharsets.UTF_8))) {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			String input = hs256 + "." + parts[1];
			forgeries.add(input + "." + Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
		}
		String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
		forgeries.add(none + "." + parts[1] + ".");
		for (String forged : forgeries) {
			Interop.assertProblem(bearerGet(authPort, "/auth/sessions", forged), 401, "invalid_token");
			assertThat(bearerGet(resourcePort, "/api/whoami", forged).status()).isEqualTo(401);
		}
		assertThat(bearerGet(authPort, "/auth/sessions", session.accessToken()).status()).isEqualTo(200);
	}

	@Test
	void resourceServerWhenNoTokenThenRefused() {
		assertThat(get(resourcePort, "/api/whoami").status()).isEqualTo(401);
	}

	@Test
	void jwkSetWhenFetchedThenPublicKeyByKidCacheableAndNoPrivatePart() {
		Session session = signup(authPort);
		Response response = get(authPort, "/auth/.well-known/jwks.json");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Cache-Control")).isEqualTo("max-age=300, public");
		JsonNode keys = response.json().get("keys");
		assertThat(keys.size()).isEqualTo(1);
		JsonNode key = keys.get(0);
		assertThat(key.get("kid").asString()).isEqualTo(header(session.accessToken(), "kid"));
		assertThat(key.get("kty").asString()).isEqualTo("RSA");
		assertThat(key.get("alg").asString()).isEqualTo("RS256");
		assertThat(key.get("use").asString()).isEqualTo("sig");
		assertThat(key.has("n")).isTrue();
		for (String privateMember : new String[] { "d", "p", "q", "dp", "dq", "qi" }) {
			assertThat(key.has(privateMember)).as(privateMember).isFalse();
		}
	}

	@Test
	void openidConfigurationWhenFetchedThenIssuerJwksUriAndTheOneAlgorithm() {
		Response response = get(authPort, "/auth/.well-known/openid-configuration");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.header("Cache-Control")).isEqualTo("max-age=300, public");
		JsonNode document = response.json();
		assertThat(document.get("issuer").asString()).isEqualTo(issuer(authPort));
		assertThat(document.get("jwks_uri").asString()).isEqualTo(issuer(authPort) + "/.well-known/jwks.json");
		assertThat(document.get("id_token_signing_alg_values_supported").values()).extracting(JsonNode::asString)
			.containsExactly("RS256");
	}

	@Test
	void resourceServerWhenIssuerUriAndAudienceConfiguredThenDiscoversKeysAndChecksIssAndAud() {
		Session session = signup(authPort);
		try (ConfigurableApplicationContext checking = Interop.startResourceServer(
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer(authPort),
				"spring.security.oauth2.resourceserver.jwt.audiences=interop-clients")) {
			Response response = bearerGet(port(checking), "/api/whoami", session.accessToken());
			assertThat(response.status()).as("%s", response).isEqualTo(200);
		}
		try (ConfigurableApplicationContext otherAudience = Interop.startResourceServer(
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer(authPort),
				"spring.security.oauth2.resourceserver.jwt.audiences=another-api")) {
			Response response = bearerGet(port(otherAudience), "/api/whoami", session.accessToken());
			assertThat(response.status()).as("%s", response).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
		}
	}

}
