package dev.systemauth.core.identity;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An authorization request that was just consumed by its callback.
 *
 * @param provider the provider it was started for
 * @param request its secrets, for the code exchange
 * @param workspaceId the workspace the sign-in asked for, if any
 * @param boundToBrowser whether the callback came from the browser that started it
 */
public record PendingAuthorization(String provider, AuthorizationRequest request, @Nullable UUID workspaceId,
		boolean boundToBrowser) {

	public PendingAuthorization {
		Objects.requireNonNull(provider, "provider must not be null");
		Objects.requireNonNull(request, "request must not be null");
	}

}
