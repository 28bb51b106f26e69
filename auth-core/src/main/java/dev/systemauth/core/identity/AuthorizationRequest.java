package dev.systemauth.core.identity;

import java.net.URI;
import java.util.Objects;

/**
 * The secrets of one authorization request, as they go to the provider and come back for the code exchange.
 *
 * @param state the {@code state} parameter
 * @param nonce the OpenID Connect {@code nonce} (unused by plain OAuth 2 providers)
 * @param codeVerifier the PKCE code verifier; the provider is sent its S256 challenge
 * @param redirectUri the callback URI registered with the provider
 */
public record AuthorizationRequest(String state, String nonce, String codeVerifier, URI redirectUri) {

	public AuthorizationRequest {
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(nonce, "nonce must not be null");
		Objects.requireNonNull(codeVerifier, "codeVerifier must not be null");
		Objects.requireNonNull(redirectUri, "redirectUri must not be null");
	}

	@Override
	public String toString() {
		return "AuthorizationRequest[redirectUri=" + this.redirectUri + "]";
	}

}
