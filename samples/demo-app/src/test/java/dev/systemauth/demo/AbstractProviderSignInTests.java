package dev.systemauth.demo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.systemauth.core.identity.ClientRegistration;
import dev.systemauth.core.identity.IdentityProviders;
import dev.systemauth.core.identity.OidcIdentityProvider;
import dev.systemauth.core.identity.ProviderPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app with every identity provider enabled against real servers in this JVM: {@code sso}, {@code okta}
 * and {@code google} are issuers of one mock-oauth2-server (a real OpenID Connect provider: discovery, JWKS,
 * authorization endpoint that issues a code at once, token endpoint), GitHub is {@link GitHubStub}, and
 * {@code down} is an OpenID Connect provider nobody answers for. {@code okta} is the single sign-on of one
 * workspace for {@code acme.test} addresses; {@code google} may not create accounts.
 */
@Import(AbstractProviderSignInTests.DownProvider.class)
@TestPropertySource(properties = { "auth.sso.enabled=true", "auth.sso.client-id=demo-sso",
		"auth.sso.client-secret=sso-secret", "auth.okta.enabled=true", "auth.okta.client-id=demo-okta",
		"auth.okta.client-secret=okta-secret", "auth.okta.workspace-id=" + AbstractProviderSignInTests.SSO_WORKSPACE,
		"auth.okta.role=member", "auth.okta.allowed-email-domains=acme.test", "auth.google.enabled=true",
		"auth.google.client-id=demo-google", "auth.google.client-secret=google-secret", "auth.google.signup=false",
		"auth.github.enabled=true", "auth.github.client-id=demo-github", "auth.github.client-secret=github-secret" })
abstract class AbstractProviderSignInTests extends AbstractDemoAppTests {

	static final String SSO_WORKSPACE = "0b5e6f1c-6a7d-4c1e-9f00-00000000a5c0";

	static final String COMPLETE = "http://localhost:3000/oauth/complete#";

	static final OidcProviderControls.TokenEndpointOverride ssoTokenEndpoint = new OidcProviderControls.TokenEndpointOverride(
			"sso");

	static final OidcProviderControls.JwksOverride ssoJwks = new OidcProviderControls.JwksOverride("sso");

	static final MockOAuth2Server oidc = startOidc();

	static final GitHubStub github = new GitHubStub();

	private static MockOAuth2Server startOidc() {
		MockOAuth2Server server = new MockOAuth2Server(ssoTokenEndpoint, ssoJwks);
		server.start();
		return server;
	}

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		registry.add("auth.sso.issuer-uri", () -> oidc.issuerUrl("sso").toString());
		registry.add("auth.okta.issuer-uri", () -> oidc.issuerUrl("okta").toString());
		registry.add("auth.google.issuer-uri", () -> oidc.issuerUrl("google").toString());
		registry.add("auth.github.authorization-uri", () -> github.url("/login/oauth/authorize"));
		registry.add("auth.github.token-uri", () -> github.url("/login/oauth/access_token"));
		registry.add("auth.github.user-info-uri", () -> github.url("/user"));
		registry.add("auth.github.user-emails-uri", () -> github.url("/user/emails"));
	}

	/** The next ID token of {@code issuer} is for this subject, with these claims (and any overrides). */
	static void nextIdToken(String issuer, String subject, Map<String, Object> claims) {
		oidc.enqueueCallback(new OidcProviderControls.IdToken(issuer, subject, claims, 3600));
	}

	static void nextIdToken(String issuer, String subject, String email, boolean emailVerified) {
		nextIdToken(issuer, subject, Map.of("email", email, "email_verified", emailVerified));
	}

	/** Starts a sign-in in this browser and answers the redirect to the provider. */
	URI authorize(ProviderBrowser browser, String provider) {
		return authorize(browser, provider, "");
	}

	URI authorize(ProviderBrowser browser, String provider, String query) {
		URI toProvider = ProviderBrowser.location(browser.get(app("/auth/oauth/" + provider + "/authorize" + query)));
		assertThat(toProvider.toString()).doesNotStartWith(COMPLETE);
		return toProvider;
	}

	/** Follows the provider's redirect back to the app's callback, and answers where the app sends the browser. */
	URI throughProvider(ProviderBrowser browser, URI toProvider) {
		URI callback = ProviderBrowser.location(browser.get(toProvider));
		assertThat(callback.toString()).startsWith(app("/auth/oauth/").toString());
		return complete(browser, callback);
	}

	/** Calls the callback and answers where the app sends the browser: always the complete page. */
	URI complete(ProviderBrowser browser, URI callback) {
		HttpResponse<String> response = browser.get(callback);
		URI done = ProviderBrowser.location(response);
		assertThat(done.toString()).startsWith(COMPLETE);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		return done;
	}

	/** A whole sign-in, answering the complete page's fragment. */
	Map<String, String> signIn(String provider) {
		ProviderBrowser browser = new ProviderBrowser();
		return ProviderBrowser.fragment(throughProvider(browser, authorize(browser, provider)));
	}

	/** A whole sign-in that must succeed, answering the tokens of the exchange. */
	Tokens signInAndExchange(String provider) {
		Map<String, String> fragment = signIn(provider);
		assertThat(fragment).as("fragment").containsOnlyKeys("code");
		DemoClient.Response response = exchange(fragment.get("code"));
		assertTokenResponse(response);
		return Tokens.of(response);
	}

	DemoClient.Response exchange(String code) {
		return this.http.post("/auth/oauth/exchange", DemoClient.json("code", code));
	}

	URI app(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/** The callback URI the provider was told to return to, with other parameters. */
	URI callback(String provider, String query) {
		return app("/auth/oauth/" + provider + "/callback?" + query);
	}

	static String uniqueEmail(String prefix, String domain) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@" + domain;
	}

	static String subject() {
		return UUID.randomUUID().toString();
	}

	/** A provider nobody answers for, to see a provider that is down. */
	@TestConfiguration(proxyBeanMethods = false)
	static class DownProvider {

		@Bean
		IdentityProviders.Registration downProvider() {
			return new IdentityProviders.Registration(
					new OidcIdentityProvider("down", URI.create("http://127.0.0.1:9/down"),
							new ClientRegistration("client", "secret", List.of("email"), java.time.Duration.ofSeconds(2))),
					ProviderPolicy.DEFAULT);
		}

	}

}
