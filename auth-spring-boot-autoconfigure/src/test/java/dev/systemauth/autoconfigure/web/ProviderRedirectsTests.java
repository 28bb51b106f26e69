package dev.systemauth.autoconfigure.web;

import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser side of a provider sign-in: redirects only to the configured complete page, and the binding
 * cookie's attributes.
 */
class ProviderRedirectsTests {

	private static final String TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

	private final ProviderRedirects redirects = new ProviderRedirects("https://app.example.test/", "/oauth/complete",
			"/auth", Duration.ofMinutes(10));

	@Test
	void completeThenConfiguredPageWithCodeInFragmentOnly() {
		ResponseEntity<Void> response = this.redirects.complete(TOKEN);

		assertThat(response.getStatusCode().value()).isEqualTo(302);
		assertThat(response.getHeaders().getLocation())
			.isEqualTo(URI.create("https://app.example.test/oauth/complete#code=" + TOKEN));
		assertThat(response.getHeaders().getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(response.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@Test
	void errorThenConfiguredPageWithEncodedCode() {
		assertThat(this.redirects.error("a b&c=d").getHeaders().getLocation())
			.isEqualTo(URI.create("https://app.example.test/oauth/complete#error=a+b%26c%3Dd"));
	}

	@Test
	void toProviderWhenHttpsThenBindingCookieSecureHttpOnlyLax() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSecure(true);
		request.setContextPath("/app");

		String cookie = this.redirects.toProvider(URI.create("https://idp.example.test/authorize"), TOKEN, request)
			.getHeaders()
			.getFirst(HttpHeaders.SET_COOKIE);

		assertThat(cookie).startsWith("auth_oauth_binding=" + TOKEN)
			.contains("Path=/app/auth/oauth", "Max-Age=600", "Secure", "HttpOnly", "SameSite=Lax");
	}

	@Test
	void toProviderWhenPlainHttpThenCookieNotSecure() {
		String cookie = this.redirects
			.toProvider(URI.create("https://idp.example.test/authorize"), TOKEN, new MockHttpServletRequest())
			.getHeaders()
			.getFirst(HttpHeaders.SET_COOKIE);

		assertThat(cookie).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void bindingWhenCookieMalformedThenIgnoredAndNewOneMade() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie(ProviderRedirects.BINDING_COOKIE, "short"));

		assertThat(ProviderRedirects.binding(request)).isNull();
		assertThat(ProviderRedirects.bindingOrNew(request)).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void bindingWhenCookieWellFormedThenKept() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie(ProviderRedirects.BINDING_COOKIE, TOKEN));

		assertThat(ProviderRedirects.bindingOrNew(request)).isEqualTo(TOKEN);
	}

}
