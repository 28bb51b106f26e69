package dev.systemauth.demo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import okhttp3.Headers;

/**
 * What the tests steer in mock-oauth2-server: the claims of the next ID token (every claim, including the ones
 * the server sets itself such as {@code azp}), and a one-shot answer of a token endpoint in place of the real
 * one (a forged ID token, an outage, a refusal).
 */
final class OidcProviderControls {

	private OidcProviderControls() {
	}

	/**
	 * The next ID token of an issuer: subject, lifetime and claims exactly as given, applied after the server's
	 * own.
	 */
	record IdToken(String issuerId, String subject, Map<String, Object> claims, long expirySeconds)
			implements OAuth2TokenCallback {

		@Override
		public String subject(TokenRequest request) {
			return this.subject;
		}

		@Override
		public String typeHeader(TokenRequest request) {
			return "JWT";
		}

		@Override
		public List<String> audience(TokenRequest request) {
			return List.of();
		}

		@Override
		public Map<String, Object> addClaims(TokenRequest request) {
			return new LinkedHashMap<>(this.claims);
		}

		@Override
		public long tokenExpiry() {
			return this.expirySeconds;
		}

	}

	/** Serves an issuer's JWKS from the test (a rotated key set) while set; otherwise stands aside. */
	static final class JwksOverride implements Route {

		private final String path;

		private final AtomicReference<String> jwks = new AtomicReference<>();

		JwksOverride(String issuerId) {
			this.path = "/" + issuerId + "/jwks";
		}

		void serve(String jwks) {
			this.jwks.set(jwks);
		}

		void stop() {
			this.jwks.set(null);
		}

		@Override
		public boolean match(OAuth2HttpRequest request) {
			return this.jwks.get() != null && "GET".equals(request.getMethod())
					&& this.path.equals(request.getUrl().encodedPath());
		}

		@Override
		public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
			String body = this.jwks.get();
			return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body,
					TokenEndpointOverride.bytes(body));
		}

	}

	/** Answers the next token request of one issuer itself, once; otherwise stands aside. */
	static final class TokenEndpointOverride implements Route {

		private final String path;

		private final AtomicReference<OAuth2HttpResponse> next = new AtomicReference<>();

		TokenEndpointOverride(String issuerId) {
			this.path = "/" + issuerId + "/token";
		}

		void answerNext(int status, String contentType, String body) {
			this.next.set(new OAuth2HttpResponse(Headers.of("Content-Type", contentType), status, body, bytes(body)));
		}

		@Override
		public boolean match(OAuth2HttpRequest request) {
			return this.next.get() != null && "POST".equals(request.getMethod())
					&& this.path.equals(request.getUrl().encodedPath());
		}

		@Override
		public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
			return this.next.getAndSet(null);
		}

		static byte[] bytes(String body) {
			return body.getBytes(StandardCharsets.UTF_8);
		}

	}

}
