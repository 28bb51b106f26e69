package dev.systemauth.autoconfigure.web;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.AuthRequests;

/**
 * Reads request bodies strictly, whatever the application's JSON settings: the body must be a JSON object,
 * and a field must be a string (or a UUID string) or absent/null. A number, boolean, array or object where a
 * string belongs is refused with 400 {@code malformed_request} instead of being coerced. Unknown fields are
 * ignored, so fields the server owns ({@code userId}, {@code role}, {@code emailVerified}) are never read.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	static AuthRequests.Signup signup(JsonNode body) {
		JsonNode object = object(body);
		return new AuthRequests.Signup(text(object, "email"), text(object, "password"), text(object, "workspaceName"),
				text(object, "workspaceSlug"));
	}

	static AuthRequests.Login login(JsonNode body) {
		JsonNode object = object(body);
		return new AuthRequests.Login(text(object, "email"), text(object, "password"), uuid(object, "workspaceId"));
	}

	static AuthRequests.Refresh refresh(JsonNode body) {
		return new AuthRequests.Refresh(text(object(body), "refreshToken"));
	}

	static AuthRequests.ForgotPassword email(JsonNode body) {
		return new AuthRequests.ForgotPassword(text(object(body), "email"));
	}

	static AuthRequests.ResetPassword resetPassword(JsonNode body) {
		JsonNode object = object(body);
		return new AuthRequests.ResetPassword(text(object, "token"), text(object, "password"));
	}

	static AuthRequests.VerifyEmail verifyEmail(JsonNode body) {
		JsonNode object = object(body);
		return new AuthRequests.VerifyEmail(text(object, "email"), text(object, "code"), text(object, "token"));
	}

	static AuthRequests.MagicLink magicLink(JsonNode body) {
		JsonNode object = object(body);
		return new AuthRequests.MagicLink(text(object, "email"), uuid(object, "workspaceId"));
	}

	static JsonNode object(@Nullable JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object.");
		}
		return body;
	}

	static @Nullable String text(JsonNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "Field '" + field + "' must be a string.",
					Map.of("field", field));
		}
		return value.asString();
	}

	static @Nullable UUID uuid(JsonNode object, String field) {
		String value = text(object, field);
		if (value == null) {
			return null;
		}
		try {
			UUID id = UUID.fromString(value);
			if (value.length() == 36 && id.toString().equalsIgnoreCase(value)) {
				return id;
			}
		}
		catch (IllegalArgumentException ex) {
			// refused below
		}
		throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "Field '" + field + "' must be a UUID.",
				Map.of("field", field));
	}

}
