package dev.systemauth.autoconfigure.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.JsonNode;

/**
 * A request body of the auth routes, as read: the JSON tree, which {@link RequestBodies} then reads
 * strictly. Its {@code toString} never shows the content, because Spring MVC logs request bodies at DEBUG
 * and TRACE, and these hold passwords, codes and tokens.
 *
 * @param json the body
 */
record AuthBody(JsonNode json) {

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	AuthBody {
	}

	@Override
	public String toString() {
		return "AuthBody[redacted]";
	}

}
