package dev.systemauth.autoconfigure.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;

import dev.systemauth.core.token.SecureTokens;

/**
 * The browser side of a provider sign-in: the one place the front end is redirected to (the configured base
 * URL and complete path, with {@code #code=} or {@code #error=} in the fragment, never a token), and the
 * cookie that binds an authorization request to the browser that started it.
 */
public final class ProviderRedirects {

	/** Name of the cookie holding the browser's binding value. */
	public static final String BINDING_COOKIE = "auth_oauth_binding";

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final String completeUrl;

	private final String basePath;

	private final Duration bindingLifetime;

	/**
	 * @param baseUrl the front end's base URL ({@code auth.links.base-url})
	 * @param completePath the page that completes a sign-in ({@code auth.links.oauth-complete-path})
	 * @param basePath the auth routes' base path
	 * @param bindingLifetime how long the binding cookie lives (at least an authorization request's lifetime)
	 */
	public ProviderRedirects(String baseUrl, String completePath, String basePath, Duration bindingLifetime) {
		this.completeUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl must not be null"))
				+ Objects.requireNonNull(completePath, "completePath must not be null");
		this.basePath = basePath;
		this.bindingLifetime = bindingLifetime;
	}

	/** The redirect to the front end carrying the exchange code. */
	ResponseEntity<Void> complete(String exchangeCode) {
		return redirect(URI.create(this.completeUrl + "#code=" + encode(exchangeCode)));
	}

	/** The redirect to the front end carrying an error code. */
	ResponseEntity<Void> error(String errorCode) {
		return redirect(URI.create(this.completeUrl + "#error=" + encode(errorCode)));
	}

	/** The redirect to the provider, setting the binding cookie. */
	ResponseEntity<Void> toProvider(URI target, String binding, HttpServletRequest request) {
		ResponseCookie cookie = ResponseCookie.from(BINDING_COOKIE, binding)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.path(cookiePath(request))
			.maxAge(this.bindingLifetime)
			.build();
		return ResponseEntity.status(HttpStatus.FOUND)
			.location(target)
			.header(HttpHeaders.SET_COOKIE, cookie.toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.build();
	}

	/** The browser's binding value from its cookie, or a new one when it has none (or a malformed one). */
	static String bindingOrNew(HttpServletRequest request) {
		String existing = binding(request);
		return (existing != null) ? existing : SecureTokens.newToken();
	}

	/** The browser's binding value from its cookie, or {@code null}. */
	static @Nullable String binding(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (BINDING_COOKIE.equals(cookie.getName()) && cookie.getValue() != null
					&& TOKEN.matcher(cookie.getValue()).matches()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private String cookiePath(HttpServletRequest request) {
		return request.getContextPath() + this.basePath + "/oauth";
	}

	private static ResponseEntity<Void> redirect(URI location) {
		return ResponseEntity.status(HttpStatus.FOUND)
			.location(location)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("Referrer-Policy", "no-referrer")
			.build();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
