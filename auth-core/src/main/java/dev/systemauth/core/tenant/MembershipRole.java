package dev.systemauth.core.tenant;

import java.util.Locale;

/**
 * The role of a member in a workspace. The library records it and hands it to handlers; what each role
 * may do is the host app's policy.
 */
public enum MembershipRole {

	OWNER, ADMIN, MEMBER;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static MembershipRole of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
