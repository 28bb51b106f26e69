package dev.systemauth.core.account;

import java.util.List;
import java.util.Objects;

import dev.systemauth.core.tenant.Membership;

/**
 * An account as a sign-in reads it: the account and its active memberships, read together.
 *
 * @param account the account
 * @param activeMemberships its active memberships, by workspace name
 */
public record SignInAccount(UserAccount account, List<Membership> activeMemberships) {

	public SignInAccount {
		Objects.requireNonNull(account, "account must not be null");
		activeMemberships = List.copyOf(activeMemberships);
	}

}
