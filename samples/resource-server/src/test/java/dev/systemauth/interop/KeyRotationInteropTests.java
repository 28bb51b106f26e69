package dev.systemauth.interop;

import java.security.KeyPair;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import dev.systemauth.interop.Interop.Response;
import dev.systemauth.interop.Interop.Session;
import dev.systemauth.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

import static dev.systemauth.interop.Interop.bearerGet;
import static dev.systemauth.interop.Interop.get;
import static dev.systemauth.interop.Interop.header;
import static dev.systemauth.interop.Interop.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented rotation, over real HTTP, with a stock resource server that keeps running throughout and
 * members who stay signed in: the auth service restarts with a new signing key and the old public key in
 * {@code auth.jwt.previous-verification-keys}; tokens of both keys are accepted by both services; after the
 * old key is removed it is no longer published.
 */
class KeyRotationInteropTests {

	private final TestDatabase database = TestDatabase.create();

	private ConfigurableApplicationContext auth;

	private ConfigurableApplicationContext resourceServer;

	@AfterEach
	void stop() {
		if (this.resourceServer != null) {
			this.resourceServer.close();
		}
		if (this.auth != null) {
			this.auth.close();
		}
		this.database.drop();
	}

	@Test
	void rotationWhenNewKeySignsAndOldKeyIsPreviousThenOldAndNewTokensAcceptedAndNoOneSignedOut() {
		KeyPair oldKey = Interop.rsa();
		KeyPair newKey = Interop.rsa();
		int authPort = Interop.freePort();

		// 1. before: the old key signs; the resource server learns it from the JWK Set
		this.auth = Interop.startIssuer(this.database, authPort, oldKey.getPrivate());
		this.resourceServer = Interop.startResourceServer(authPort);
		int resourcePort = port(this.resourceServer);
		Session before = Interop.signup(authPort);
		String oldKid = header(before.accessToken(), "kid");
		assertAccepted(resourcePort, before);

		// 2. rotate: restart with the new signing key, the old public key kept for verification
		this.auth.close();
		this.auth = Interop.startIssuer(this.database, authPort, newKey.getPrivate(), oldKey.getPublic());
		assertThat(publishedKids(authPort)).hasSize(2).contains(oldKid);

		// the token issued before the rotation still works everywhere: nobody was signed out
		assertAccepted(resourcePort, before);
		assertThat(bearerGet(authPort, "/auth/sessions", before.accessToken()).status()).isEqualTo(200);

		// a token of the new key: the resource server has not seen its kid and fetches the JWK Set again
		Session after = Interop.login(authPort, before);
		String newKid = header(after.accessToken(), "kid");
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(publishedKids(authPort)).contains(newKid);
		assertAccepted(resourcePort, after);

		// the refresh token of the session started before the rotation still refreshes, now under the new key
		Response refresh = Interop.post(authPort, "/auth/refresh", Interop.json("refreshToken", before.refreshToken()));
		assertThat(refresh.status()).as("%s", refresh).isEqualTo(200);
		assertThat(header(refresh.json().get("accessToken").asString(), "kid")).isEqualTo(newKid);

		// 3. once the old tokens have expired: the old key is removed and no longer published or accepted
		this.auth.close();
		this.auth = Interop.startIssuer(this.database, authPort, newKey.getPrivate());
		assertThat(publishedKids(authPort)).containsExactly(newKid);
		Interop.assertProblem(bearerGet(authPort, "/auth/sessions", before.accessToken()), 401, "invalid_token");
		assertAccepted(resourcePort, after);
	}

	private static void assertAccepted(int resourcePort, Session session) {
		Response response = bearerGet(resourcePort, "/api/whoami", session.accessToken());
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("workspaceId").asString()).isEqualTo(session.workspaceId().toString());
	}

	private static java.util.List<String> publishedKids(int authPort) {
		Response response = get(authPort, "/auth/.well-known/jwks.json");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		return response.json().get("keys").values().stream().map((key) -> key.get("kid").asString()).toList();
	}

}
