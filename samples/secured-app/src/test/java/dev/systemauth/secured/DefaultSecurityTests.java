package dev.systemauth.secured;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host that declares no security filter chain and relies on Boot's default security. The starter's chain
 * makes Boot's default chain back off, so the starter declares it again: the auth routes and protected paths
 * work without credentials, and every other route of the host still needs Boot's user, exactly as without
 * the starter.
 */
@SpringBootTest(classes = DefaultSecurityTests.DefaultSecurityHost.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "spring.security.user.name=boot-user",
		"spring.security.user.password=" + DefaultSecurityTests.BOOT_USER_PASSWORD, "auth.web.protected-paths=/app/**" })
class DefaultSecurityTests extends SecuredAppTestSupport {

	static final String BOOT_USER_PASSWORD = "boot-user-password-for-tests";

	private static final String PASSWORD = "default-security-" + UUID.randomUUID();

	@Autowired
	ApplicationContext context;

	@Test
	void authRoutesWhenNoCredentialsThenServed() {
		String email = uniqueEmail("owner");
		Session signup = signup(email, PASSWORD);
		Session login = login(email, PASSWORD, signup.workspaceId());
		Response refresh = post("/auth/refresh", json("refreshToken", login.refreshToken()));
		assertThat(refresh.status()).as("refresh %s", refresh).isEqualTo(200);
	}

	@Test
	void protectedPathWhenStarterTokenThenServed() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		Response response = getAs(owner, "/app/me");
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("principal").get("userId").asString()).isEqualTo(owner.userId().toString());
		assertProblem(get("/app/me"), 401, "invalid_token");
	}

	@Test
	void hostRouteWhenNoCredentialsThenStillUnauthorized() {
		Response response = get("/hello");
		assertThat(response.status()).as("%s", response).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void hostRouteWhenStarterTokenThenUnauthorized() {
		Session owner = signup(uniqueEmail("owner"), PASSWORD);
		assertThat(getAs(owner, "/hello").status()).isEqualTo(401);
	}

	@Test
	void hostRouteWhenBootUserThenServed() {
		Response response = get("/hello", "Authorization", basic("boot-user", BOOT_USER_PASSWORD));
		assertThat(response.status()).as("%s", response).isEqualTo(200);
		assertThat(response.json().get("hello").asString()).isEqualTo("boot-user");
	}

	@Test
	void contextWhenNoHostChainThenStarterChainAndDefaultChain() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("authSecurityFilterChain",
				"defaultSecurityFilterChain");
	}

	/** The sample's routes without its security configuration: Boot's default security, nothing else. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ AppController.class, HostController.class })
	static class DefaultSecurityHost {

	}

}
