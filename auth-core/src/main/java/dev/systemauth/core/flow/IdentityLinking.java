package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.identity.ProviderPolicy;
import dev.systemauth.core.identity.UserIdentityStore;
import dev.systemauth.core.identity.VerifiedIdentity;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;

/**
 * Which user a provider identity signs in as. An identity linked before signs in as its user. Otherwise the
 * provider must assert a verified email: an account with that email gets the identity linked (and, when it was
 * never verified, is claimed: password cleared, sessions ended, see {@code UnverifiedAccountClaim}); with no
 * such account, one is created when the provider's policy allows signup. Joins the caller's transaction.
 */
final class IdentityLinking {

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final UserIdentityStore identities;

	private final AccountRegistration registration;

	private final AuditLog auditLog;

	private final UnverifiedAccountClaim claim;

	private final Clock clock;

	IdentityLinking(UserStore accounts, WorkspaceService workspaces, UserIdentityStore identities,
			AccountRegistration registration, SessionService sessions, AuditLog auditLog, Clock clock) {
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.identities = identities;
		this.registration = registration;
		this.auditLog = auditLog;
		this.claim = new UnverifiedAccountClaim(accounts, sessions, auditLog, clock);
		this.clock = clock;
	}

	/**
	 * The active user the identity signs in as, linked or created as the policy allows.
	 * @throws AuthException {@code provider_email_not_verified}, {@code email_domain_not_allowed},
	 * {@code signup_disabled} or {@code account_disabled}
	 */
	UserAccount resolve(VerifiedIdentity identity, ProviderPolicy policy, ClientInfo client) {
		String email = verifiedEmail(identity, policy);
		Instant now = this.clock.instant();
		Optional<UUID> linked = this.identities.findUserId(identity.provider(), identity.subject());
		if (linked.isPresent()) {
			this.identities.touch(identity.provider(), identity.subject(), now);
			return active(this.accounts.findById(linked.get()));
		}
		if (email == null) {
			throw new AuthException(AuthErrorCode.PROVIDER_EMAIL_NOT_VERIFIED,
					"The identity provider does not assert a verified email address.");
		}
		Optional<UserAccount> existing = this.accounts.findByEmail(email);
		UserAccount account = existing.isPresent() ? claim(existing.get(), identity, client)
				: create(email, identity, policy, client);
		if (!this.identities.link(identity.provider(), identity.subject(), account.id(), email, now)) {
			// a concurrent first sign-in linked the identity: it belongs to whoever linked it first
			return active(this.identities.findUserId(identity.provider(), identity.subject())
				.flatMap(this.accounts::findById));
		}
		this.auditLog.record(AuditEvent.of(AuditEventType.IDENTITY_LINKED, AuditEvent.Outcome.SUCCESS,
				policy.workspaceId(), account.id(), client,
				Map.of("provider", identity.provider(), "account", existing.isPresent() ? "existing" : "created")));
		return account;
	}

	/**
	 * The email that may be used: verified by the provider and, when the policy restricts domains, in one of
	 * them. With a domain restriction, an identity without a verified email in an allowed domain is refused
	 * even when linked before.
	 */
	private static @Nullable String verifiedEmail(VerifiedIdentity identity, ProviderPolicy policy) {
		String email = (identity.verifiedEmail() != null) ? EmailAddress.normalize(identity.verifiedEmail()) : null;
		if (!policy.allowedEmailDomains().isEmpty() && (email == null || !policy.allowsEmail(email))) {
			throw new AuthException(AuthErrorCode.EMAIL_DOMAIN_NOT_ALLOWED,
					"This email address may not sign in through this identity provider.");
		}
		return email;
	}

	private UserAccount claim(UserAccount account, VerifiedIdentity identity, ClientInfo client) {
		if (!account.isActive()) {
			throw disabled();
		}
		this.claim.claimIfNeverVerified(account, null, identity.provider(), client);
		this.accounts.markEmailVerified(account.id(), this.clock.instant());
		return active(this.accounts.findById(account.id()));
	}

	private UserAccount create(String email, VerifiedIdentity identity, ProviderPolicy policy, ClientInfo client) {
		if (!policy.signup()) {
			throw new AuthException(AuthErrorCode.SIGNUP_DISABLED,
					"No account has this email, and this identity provider may not create one.");
		}
		UUID userId = UUID.randomUUID();
		Instant now = this.clock.instant();
		if (!this.accounts.insert(userId, email, null, true, now)) {
			throw new AuthException(AuthErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
		}
		if (policy.workspaceId() == null) {
			this.registration.addOwnedWorkspace(userId, defaultWorkspaceName(email), null,
					AuditEventType.SIGNUP, client);
		}
		else {
			this.auditLog.record(AuditEvent.of(AuditEventType.SIGNUP, AuditEvent.Outcome.SUCCESS, policy.workspaceId(),
					userId, client, Map.of("provider", identity.provider())));
		}
		return active(this.accounts.findById(userId));
	}

	/**
	 * Makes the user a member of the policy's workspace (per-workspace single sign-on), unless it has a
	 * membership there already: a suspended or removed member stays so.
	 */
	void joinWorkspace(UserAccount account, ProviderPolicy policy, ClientInfo client) {
		UUID workspaceId = policy.workspaceId();
		if (workspaceId != null && this.workspaces.findMembership(workspaceId, account.id()).isEmpty()) {
			this.workspaces.addMember(workspaceId, account.id(), policy.role(), client);
		}
	}

	private static String defaultWorkspaceName(String email) {
		String local = email.substring(0, email.indexOf('@'));
		return (local.length() > 100 ? local.substring(0, 100) : local) + "'s workspace";
	}

	private static UserAccount active(Optional<UserAccount> account) {
		return account.filter(UserAccount::isActive).orElseThrow(IdentityLinking::disabled);
	}

	private static AuthException disabled() {
		return new AuthException(AuthErrorCode.ACCOUNT_DISABLED, "The account is suspended or deleted.");
	}

}
