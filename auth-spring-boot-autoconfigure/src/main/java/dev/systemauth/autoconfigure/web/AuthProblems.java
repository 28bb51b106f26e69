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
import dev.systemauth.core.json.JsonStrings;

/**
 * The one renderer of RFC 9457 problem responses with the stable {@code code} member. {@link #response}
 * decides everything a problem answer carries (status, headers, body members); Spring MVC writes that entity
 * when the exception translator returns it, and {@link #write} writes the same entity for filters, resolvers
 * and Spring Security's handlers, which run outside Spring MVC's message conversion.
 */
public final class AuthProblems {

	private static final String TYPE_PREFIX = "urn:system-auth:problem:";

	/** How long a client waits before retrying after a 503 {@code service_unavailable}, in seconds. */
	static final String UNAVAILABLE_RETRY_AFTER = "5";

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
	 * The answer when the database cannot be reached: 503 {@code service_unavailable} with a
	 * {@code Retry-After}; the request was not carried out.
	 */
	static ResponseEntity<ProblemDetail> unavailable() {
		ResponseEntity<ProblemDetail> response = response(AuthErrorCode.SERVICE_UNAVAILABLE,
				"The service is temporarily unavailable; retry shortly.", Map.of());
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_RETRY_AFTER)
			.body(response.getBody());
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
		write(response, response(code, detail, properties));
	}

	/**
	 * Writes a problem response built here to a servlet response: its status, its headers, and its body as
	 * JSON. Nothing is written once the response is committed.
	 */
	static void write(HttpServletResponse response, ResponseEntity<ProblemDetail> problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(problem.getStatusCode().value());
		HttpHeaders headers = problem.getHeaders();
		response.setContentType(String.valueOf(headers.getContentType()));
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		headers.forEach((name, values) -> {
			if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				response.setHeader(name, values.get(0));
				values.stream().skip(1).forEach((value) -> response.addHeader(name, value));
			}
		});
		ProblemDetail body = problem.getBody();
		response.getOutputStream().write(toJson(body).getBytes(StandardCharsets.UTF_8));
		response.flushBuffer();
	}

	private static String toJson(ProblemDetail problem) {
		StringBuilder json = new StringBuilder("{\"type\":").append(JsonStrings.quote(problem.getType().toString()))
			.append(",\"title\":")
			.append(toJson(problem.getTitle()))
			.append(",\"status\":")
			.append(problem.getStatus())
			.append(",\"detail\":")
			.append(toJson(problem.getDetail()));
		if (problem.getInstance() != null) {
			json.append(",\"instance\":").append(JsonStrings.quote(problem.getInstance().toString()));
		}
		Map<String, Object> properties = problem.getProperties();
		if (properties != null) {
			properties.forEach((name, value) -> json.append(',')
				.append(JsonStrings.quote(name))
				.append(':')
				.append(toJson(value)));
		}
		return json.append('}').toString();
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
				json.append(JsonStrings.quote(String.valueOf(name))).append(':').append(toJson(member));
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
		return JsonStrings.quote(value.toString());
	}

}
