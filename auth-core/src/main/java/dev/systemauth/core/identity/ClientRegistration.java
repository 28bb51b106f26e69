package dev.systemauth.core.identity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * This application as a client of one provider.
 *
 * @param clientId the OAuth client id
 * @param clientSecret the OAuth client secret
 * @param scopes the scopes to ask for
 * @param timeout the connect and read timeout of every call to the provider
 */
public record ClientRegistration(String clientId, String clientSecret, List<String> scopes, Duration timeout) {

	public ClientRegistration {
		Objects.requireNonNull(clientId, "clientId must not be null");
		Objects.requireNonNull(clientSecret, "clientSecret must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		scopes = List.copyOf(scopes);
	}

	int timeoutMillis() {
		return (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
	}

	@Override
	public String toString() {
		return "ClientRegistration[clientId=" + this.clientId + ", scopes=" + this.scopes + "]";
	}

}
