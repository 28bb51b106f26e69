package dev.systemauth.core.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Discovery of an OpenID Connect provider: lazy (nothing is asked at construction), a failure is
 * {@code provider_unavailable} and is not remembered, a success is.
 */
class OidcIdentityProviderTests {

	private HttpServer server;

	private final AtomicBoolean up = new AtomicBoolean();

	private final AtomicInteger discoveries = new AtomicInteger();

	@BeforeEach
	void startIssuer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/issuer/.well-known/openid-configuration", (exchange) -> {
			this.discoveries.incrementAndGet();
			byte[] body = (this.up.get() ? metadata() : "down").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", this.up.get() ? "application/json" : "text/plain");
			exchange.sendResponseHeaders(this.up.get() ? 200 : 503, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopIssuer() {
		this.server.stop(0);
	}

	@Test
	void constructWhenIssuerDownThenNothingAsked() {
		provider();

		assertThat(this.discoveries).hasValue(0);
	}

	@Test
	void authorizationUriWhenIssuerDownThenUnavailableAndAskedAgainNextTime() {
		OidcIdentityProvider provider = provider();
		assertThatExceptionOfType(AuthException.class).isThrownBy(() -> provider.authorizationUri(request()))
			.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo(AuthErrorCode.PROVIDER_UNAVAILABLE));
		this.up.set(true);

		URI uri = provider.authorizationUri(request());

		assertThat(uri.toString()).startsWith(issuer() + "/authorize?")
			.contains("code_challenge_method=S256", "state=the-state", "nonce=the-nonce")
			.doesNotContain("the-verifier");
		assertThat(this.discoveries).hasValue(2);
		provider.authorizationUri(request());
		assertThat(this.discoveries).as("a successful discovery is kept").hasValue(2);
	}

	private OidcIdentityProvider provider() {
		return new OidcIdentityProvider("sso", URI.create(issuer()),
				new ClientRegistration("client", "secret", List.of("email"), Duration.ofSeconds(2)));
	}

	private static AuthorizationRequest request() {
		return new AuthorizationRequest("the-state", "the-nonce", "the-verifier-0123456789012345678901234567890",
				URI.create("https://app.example.test/auth/oauth/sso/callback"));
	}

	private String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/issuer";
	}

	private String metadata() {
		String issuer = issuer();
		return """
				{"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
				"jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
				"id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer);
	}

}
