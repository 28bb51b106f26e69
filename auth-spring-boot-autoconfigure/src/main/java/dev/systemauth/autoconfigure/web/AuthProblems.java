package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.systemauth.core.error.AuthErrorCode;

/**
 * RFC 9457 problem responses with the stable {@code code} member, in one place.
 */
public final class AuthProblems {

	private static final String TYPE_PREFIX = "urn:system-auth:problem:";

	private AuthProblems() {
	}

	/** The problem body for an error code. */
	public static ProblemDetail problem(AuthErrorCode code, String detail, Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.status()), detail);
		problem.setType(URI.create(TYPE_PREFIX + code.code()));
		problem.setTitle(HttpStatus.valueOf(code.status()).getReasonPhrase());
		problem.setProperty("code", code.code());
		properties.forEach(problem::setProperty);
		return problem;
	}

	/** The problem response for an error code, never cached. */
	public static ResponseEntity<ProblemDetail> response(AuthErrorCode code, String detail,
			Map<String, Object> properties) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store");
		if (code == AuthErrorCode.INVALID_TOKEN || code == AuthErrorCode.INVALID_CREDENTIALS) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		Object retryAfter = properties.get("retryAfter");
		if (retryAfter != null) {
			builder.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
		}
		return builder.body(problem(code, detail, properties));
	}

	/**
	 * Writes a problem directly to a servlet response (for filters, which run outside Spring MVC).
	 * Only flat string properties are supported.
	 */
	public static void write(HttpServletResponse response, AuthErrorCode code, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(code.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (code == AuthErrorCode.INVALID_TOKEN) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		String json = "{\"type\":" + quote(TYPE_PREFIX + code.code()) + ",\"title\":"
				+ quote(HttpStatus.valueOf(code.status()).getReasonPhrase()) + ",\"status\":" + code.status()
				+ ",\"detail\":" + quote(detail) + ",\"code\":" + quote(code.code()) + "}";
		response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	private static String quote(String value) {
		StringBuilder json = new StringBuilder("\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
