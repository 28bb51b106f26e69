package dev.systemauth.core.flow;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The input checks and refusals the flows share, so that the same case reads the same in every flow.
 */
final class FlowErrors {

	private FlowErrors() {
	}

	/** The value of a required field, or {@code validation_failed} naming it. */
	static String require(@Nullable String value, String field) {
		if (value == null || value.isEmpty()) {
			throw validation(field, field + " is required.");
		}
		return value;
	}

	/** A required token-like field, which must not be blank either. */
	static String requireToken(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			throw validation(field, field + " is required.");
		}
		return value;
	}

	static AuthException validation(String field, String message) {
		return new AuthException(AuthErrorCode.VALIDATION_FAILED, message, Map.of("field", field));
	}

	static AuthException invalidOneTimeToken() {
		return new AuthException(AuthErrorCode.INVALID_OR_EXPIRED_TOKEN, "The token is invalid, used or expired.");
	}

}
