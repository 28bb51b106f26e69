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
	 * Writes a problem directly to a servlet response (for filters and resolvers, which run outside Spring
	 * MVC's message conversion).
	 */
	public static void write(HttpServletResponse response, AuthErrorCode code, String detail) throws IOException {
		write(response, code, detail, Map.of());
	}

	/**
	 * Writes a problem with extra members (strings, numbers, booleans, UUIDs, lists and maps of them).
	 */
	public static void write(HttpServletResponse response, AuthErrorCode code, String detail,
			Map<String, Object> properties) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(code.status());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (code == AuthErrorCode.INVALID_TOKEN || code == AuthErrorCode.INVALID_CREDENTIALS) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		Object retryAfter = properties.get("retryAfter");
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter.toString());
		}
		StringBuilder json = new StringBuilder("{\"type\":").append(quote(TYPE_PREFIX + code.code()))
			.append(",\"title\":")
			.append(quote(HttpStatus.valueOf(code.status()).getReasonPhrase()))
			.append(",\"status\":")
			.append(code.status())
			.append(",\"detail\":")
			.append(quote(detail))
			.append(",\"code\":")
			.append(quote(code.code()));
		properties.forEach((name, value) -> json.append(',').append(quote(name)).append(':').append(toJson(value)));
		response.getOutputStream().write(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	private static String toJson(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Number || value instanceof Boolean) {
			return value.toString();
		}
		if (value instanceof Map<?, ?> map) {
			StringBuilder json = new StringBuilder("{");
			map.forEach((name, member) -> {
				if (json.length() > 1) {
					json.append(',');
				}
				json.append(quote(String.valueOf(name))).append(':').append(toJson(member));
			});
			return json.append('}').toString();
		}
		if (value instanceof Iterable<?> items) {
			StringBuilder json = new StringBuilder("[");
			for (Object item : items) {
				if (json.length() > 1) {
					json.append(',');
				}
				json.append(toJson(item));
			}
			return json.append(']').toString();
		}
		return quote(value.toString());
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
