package dev.systemauth.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.password.CompromisedPasswordChecker;
import org.springframework.security.web.authentication.password.HaveIBeenPwnedRestApiPasswordChecker;
import org.springframework.web.client.RestClient;

/**
 * Builds Spring Security's {@link HaveIBeenPwnedRestApiPasswordChecker} (range API, k-anonymity: only the first
 * five hex characters of the SHA-1 are sent) on a {@link RestClient} with the configured base URL and timeout.
 * <p>
 * Spring Security's checker logs a failed request and answers "not compromised", which would make every
 * failure fail open. So the client turns a failure (an I/O error or timeout, an error status) into a
 * {@link BreachCheckUnavailableException}, which is no {@code RestClientException} and so reaches the
 * {@link dev.systemauth.core.password.PasswordPolicy}, where {@code auth.password.breach-check.on-error}
 * decides. The body is read inside the interceptor, so that a timeout while reading it is such a failure too.
 */
final class PwnedPasswordsChecker {

	static final String SPRING_SECURITY_CHECKER = "org.springframework.security.web.authentication.password.HaveIBeenPwnedRestApiPasswordChecker";

	private PwnedPasswordsChecker() {
	}

	static CompromisedPasswordChecker create(String apiUrl, Duration timeout) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(timeout);
		requestFactory.setReadTimeout(timeout);
		RestClient restClient = RestClient.builder()
			.baseUrl(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/")
			.requestFactory(requestFactory)
			.defaultHeader(HttpHeaders.USER_AGENT, "system-auth")
			.requestInterceptor((request, body, execution) -> {
				try {
					return new BufferedResponse(execution.execute(request, body));
				}
				catch (IOException ex) {
					throw new BreachCheckUnavailableException("Pwned Passwords request failed: " + ex, ex);
				}
			})
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
				throw new BreachCheckUnavailableException(
						"Pwned Passwords answered " + response.getStatusCode().value(), null);
			})
			.build();
		HaveIBeenPwnedRestApiPasswordChecker checker = new HaveIBeenPwnedRestApiPasswordChecker();
		checker.setRestClient(restClient);
		return checker;
	}

	/** The breached-password service could not answer. */
	static final class BreachCheckUnavailableException extends RuntimeException {

		BreachCheckUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** A response whose body was read in full while the timeout still applied. */
	private static final class BufferedResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final byte[] body;

		BufferedResponse(ClientHttpResponse response) throws IOException {
			this.response = response;
			try (InputStream in = response.getBody()) {
				this.body = in.readAllBytes();
			}
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
