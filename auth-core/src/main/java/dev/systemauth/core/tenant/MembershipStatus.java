package dev.systemauth.core.tenant;

import java.util.Locale;

/**
 * The state of a membership. Only {@link #ACTIVE} grants access.
 */
public enum MembershipStatus {

	ACTIVE, SUSPENDED, REMOVED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static MembershipStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
