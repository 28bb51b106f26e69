package dev.systemauth.autoconfigure.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Responses of the auth routes: never cached, since most carry tokens.
 */
final class AuthResponses {

	private AuthResponses() {
	}

	static <T> ResponseEntity<T> noStore(HttpStatus status, T body) {
		return ResponseEntity.status(status)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(body);
	}

	static ResponseEntity<Void> noContent() {
		return ResponseEntity.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
	}

}
