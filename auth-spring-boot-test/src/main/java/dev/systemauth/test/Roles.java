package dev.systemauth.test;

import java.util.Locale;
import java.util.UUID;

import org.springframework.util.Assert;

import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.MembershipRole;

/** Builds the {@link AuthContext} of a test caller, with its role checked. */
final class Roles {

	private Roles() {
	}

	static AuthContext context(UUID userId, UUID workspaceId, String role) {
		Assert.notNull(userId, "userId must not be null");
		Assert.notNull(workspaceId, "workspaceId must not be null");
		Assert.hasText(role, "role must not be empty");
		MembershipRole parsed;
		try {
			parsed = MembershipRole.of(role.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"role must be OWNER, ADMIN or MEMBER (any case), not '" + role + "'", ex);
		}
		return new AuthContext(userId, workspaceId, parsed.value());
	}

	static UUID id(String value, String name) {
		if (value.isBlank()) {
			return UUID.randomUUID();
		}
		try {
			return UUID.fromString(value.strip().toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " must be a UUID or blank, not '" + value + "'", ex);
		}
	}

}
