package dev.systemauth.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A black-box HTTP client of the running demo app: the JDK client over HTTP/1.1 (so that header lines are
 * sent exactly as written), JSON with Jackson.
 */
final class DemoClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI base;

	/** Paths are appended as written, never normalised, so that odd paths reach the server unchanged. */
	DemoClient(int port) {
		this.base = URI.create("http://localhost:" + port);
	}

	/** A JSON object from name/value pairs; values may be null. */
	static String json(Object... namesAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(map);
	}

	/** POSTs a JSON body; {@code headers} are name/value pairs. */
	Response post(String path, String json, String... headers) {
		return post(path, BodyPublishers.ofString(json), "application/json", headers);
	}

	Response post(String path, BodyPublisher body, String contentType, String... headers) {
		HttpRequest.Builder request = request(path, headers).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request;
	}

	Response send(HttpRequest.Builder request) {
		try {
			java.net.http.HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body as text
	 */
	record Response(int status, HttpHeaders headers, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** The {@code code} member of a problem body, or null (also when the body is not JSON). */
		String code() {
			if (this.body == null || this.body.isBlank()) {
				return null;
			}
			try {
				JsonNode code = json().get("code");
				return (code != null) ? code.asString() : null;
			}
			catch (tools.jackson.core.JacksonException ex) {
				return null;
			}
		}

		String text(String field) {
			JsonNode node = json().get(field);
			return (node != null && !node.isNull()) ? node.asString() : null;
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		String contentType() {
			return header("Content-Type");
		}

		/** The problem body without {@code instance} (the request path), for comparing two answers. */
		JsonNode problemWithoutInstance() {
			ObjectNode node = (ObjectNode) json();
			node.remove("instance");
			return node;
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
