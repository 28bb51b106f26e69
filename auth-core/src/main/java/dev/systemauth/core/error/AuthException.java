package dev.systemauth.core.error;

import java.util.Map;
import java.util.Objects;

/**
 * The one unchecked exception of the library: a stable {@link AuthErrorCode}, a message that is safe to
 * show to a client (never a secret, SQL or class name), and optional extra members for the problem body.
 */
public class AuthException extends RuntimeException {

	private final AuthErrorCode errorCode;

	private final Map<String, Object> properties;

	public AuthException(AuthErrorCode errorCode, String message) {
		this(errorCode, message, Map.of(), null);
	}

	public AuthException(AuthErrorCode errorCode, String message, Map<String, Object> properties) {
		this(errorCode, message, properties, null);
	}

	public AuthException(AuthErrorCode errorCode, String message, Map<String, Object> properties,
			Throwable cause) {
		super(message, cause);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode must not be null");
		this.properties = Map.copyOf(properties);
	}

	public AuthErrorCode getErrorCode() {
		return this.errorCode;
	}

	/** Extra members of the problem body, for example the workspaces to choose from. */
	public Map<String, Object> getProperties() {
		return this.properties;
	}

}
