package dev.systemauth.core.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.tenant.MembershipRole;

/**
 * What a sign-in through one provider may do.
 *
 * @param signup whether a first sign-in with an unknown email may create an account
 * @param workspaceId the workspace every user of this provider becomes a member of (per-workspace single
 * sign-on), or {@code null} for none
 * @param role the role of that membership
 * @param allowedEmailDomains the email domains allowed to sign in through this provider; empty for any
 */
public record ProviderPolicy(boolean signup, @Nullable UUID workspaceId, MembershipRole role,
		Set<String> allowedEmailDomains) {

	/** Signup allowed, no workspace, any domain. */
	public static final ProviderPolicy DEFAULT = new ProviderPolicy(true, null, MembershipRole.MEMBER, Set.of());

	public ProviderPolicy {
		Objects.requireNonNull(role, "role must not be null");
		allowedEmailDomains = allowedEmailDomains.stream()
			.map((domain) -> domain.strip().toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Whether an email may sign in through the provider.
	 * @param email a normalised email
	 * @return true when no domain restriction applies or the email's domain is listed (exactly, not a
	 * subdomain)
	 */
	public boolean allowsEmail(String email) {
		if (this.allowedEmailDomains.isEmpty()) {
			return true;
		}
		int at = email.lastIndexOf('@');
		return at > 0 && this.allowedEmailDomains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
	}

}
