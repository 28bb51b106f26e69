package dev.systemauth.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.PasskeyRequests;

/**
 * Reads the passkey request bodies: the WebAuthn Level 3 JSON of {@code credential.toJSON()} under
 * {@code credential}, strictly (a missing object or a field of the wrong type is a 400, never a 500).
 */
final class PasskeyBodies {

	private PasskeyBodies() {
	}

	static PasskeyRequests.Registration registration(JsonNode body) {
		JsonNode credential = member(body, "credential");
		JsonNode response = member(credential, "response");
		return new PasskeyRequests.Registration(RequestBodies.text(credential, "rawId"),
				RequestBodies.text(credential, "type"), RequestBodies.text(response, "clientDataJSON"),
				RequestBodies.text(response, "attestationObject"), strings(response, "transports"),
				RequestBodies.text(body, "name"));
	}

	static PasskeyRequests.Assertion assertion(JsonNode body) {
		JsonNode credential = member(body, "credential");
		JsonNode response = member(credential, "response");
		return new PasskeyRequests.Assertion(RequestBodies.text(credential, "rawId"),
				RequestBodies.text(credential, "type"), RequestBodies.text(response, "clientDataJSON"),
				RequestBodies.text(response, "authenticatorData"), RequestBodies.text(response, "signature"),
				RequestBodies.text(response, "userHandle"), RequestBodies.uuid(body, "workspaceId"),
				RequestBodies.text(body, "mfaToken"));
	}

	private static JsonNode member(JsonNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			throw new AuthException(AuthErrorCode.VALIDATION_FAILED, field + " is required.", Map.of("field", field));
		}
		if (!value.isObject()) {
			throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "Field '" + field + "' must be an object.",
					Map.of("field", field));
		}
		return value;
	}

	private static List<String> strings(JsonNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			return List.of();
		}
		if (!value.isArray() || value.size() > 16) {
			throw new AuthException(AuthErrorCode.MALFORMED_REQUEST,
					"Field '" + field + "' must be an array of at most 16 strings.", Map.of("field", field));
		}
		List<String> strings = new ArrayList<>();
		for (JsonNode element : value) {
			if (!element.isString()) {
				throw new AuthException(AuthErrorCode.MALFORMED_REQUEST, "Field '" + field + "' must hold strings.",
						Map.of("field", field));
			}
			strings.add(element.asString());
		}
		return strings;
	}

	static @Nullable String optionalText(@Nullable AuthBody body, String field) {
		if (body == null || body.json() == null || body.json().isNull() || body.json().isMissingNode()) {
			return null;
		}
		return RequestBodies.text(RequestBodies.object(body.json()), field);
	}

}
