package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.systemauth.core.error.AuthErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthProblems} is the one renderer: what it writes outside Spring MVC is the entity it builds for
 * Spring MVC, headers and members alike.
 */
class AuthProblemsTests {

	@Test
	void writeWhenPropertiesThenSameHeadersAndMembersAsTheEntity() throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("retryAfter", 7);
		properties.put("workspaces", List.of(Map.of("id", "a\"b")));
		ResponseEntity<ProblemDetail> entity = AuthProblems.response(AuthErrorCode.TOO_MANY_REQUESTS, "Slow\ndown.",
				properties);
		MockHttpServletResponse response = new MockHttpServletResponse();

		AuthProblems.write(response, AuthErrorCode.TOO_MANY_REQUESTS, "Slow\ndown.", properties);

		assertThat(response.getStatus()).isEqualTo(entity.getStatusCode().value()).isEqualTo(429);
		assertThat(MediaType.parseMediaType(response.getContentType()))
			.isEqualTo(MediaType.parseMediaType("application/problem+json;charset=UTF-8"));
		assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"urn:system-auth:problem:too_many_requests\","
				+ "\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"Slow\\u000adown.\","
				+ "\"code\":\"too_many_requests\",\"retryAfter\":7,\"workspaces\":[{\"id\":\"a\\\"b\"}]}");
	}

	@Test
	void writeWhenInvalidTokenThenBearerChallenge() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();

		AuthProblems.write(response, AuthErrorCode.INVALID_TOKEN, "Authentication is required.");

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
	}

	@Test
	void unavailableWhenWrittenThenServiceUnavailableWithRetryAfterAndNoExtraMember() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();

		AuthProblems.write(response, AuthProblems.unavailable());

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"urn:system-auth:problem:service_unavailable\","
				+ "\"title\":\"Service Unavailable\",\"status\":503,"
				+ "\"detail\":\"The service is temporarily unavailable; retry shortly.\",\"code\":\"service_unavailable\"}");
	}

	@Test
	void writeWhenResponseCommittedThenNothingChanges() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(200);
		response.setCommitted(true);

		AuthProblems.write(response, AuthErrorCode.INTERNAL_ERROR, "An unexpected error occurred.");

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEmpty();
	}

}
