package dev.systemauth.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A browser for the provider sign-in: keeps cookies, follows no redirect by itself (each hop is asserted), and
 * reads the parameters of a redirect.
 */
final class ProviderBrowser {

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.cookieHandler(this.cookies)
		.build();

	HttpResponse<String> get(URI uri) {
		try {
			return this.client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The {@code Location} of a redirect, failing when the answer is not one. */
	static URI location(HttpResponse<String> response) {
		if (response.statusCode() != 302) {
			throw new AssertionError("expected a 302, got " + response.statusCode() + ": " + response.body());
		}
		return URI.create(response.headers().firstValue("Location").orElseThrow());
	}

	/** The query parameters of a URI, decoded. */
	static Map<String, String> query(URI uri) {
		return parameters(uri.getRawQuery());
	}

	/** The fragment's parameters, decoded ({@code #code=...} or {@code #error=...}). */
	static Map<String, String> fragment(URI uri) {
		return parameters(uri.getRawFragment());
	}

	private static Map<String, String> parameters(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return parameters;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = (eq < 0) ? pair : pair.substring(0, eq);
			String value = (eq < 0) ? "" : pair.substring(eq + 1);
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

}
