package dev.systemauth.core.identity;

import java.util.Map;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The failures a provider reports, each with its stable code.
 */
final class ProviderFailures {

	private ProviderFailures() {
	}

	static AuthException unavailable(String provider, Throwable cause) {
		return new AuthException(AuthErrorCode.PROVIDER_UNAVAILABLE,
				"The identity provider " + provider + " cannot be reached.", Map.of(), cause);
	}

	static AuthException error(String provider, String reason) {
		return new AuthException(AuthErrorCode.PROVIDER_ERROR,
				"The identity provider " + provider + " refused the sign-in: " + reason);
	}

	static AuthException invalidIdToken(String provider, String reason) {
		return new AuthException(AuthErrorCode.INVALID_ID_TOKEN,
				"The ID token of " + provider + " is not valid: " + reason);
	}

}
