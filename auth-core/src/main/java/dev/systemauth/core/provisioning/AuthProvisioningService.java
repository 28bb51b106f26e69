package dev.systemauth.core.provisioning;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DataIntegrityViolationException;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.EmailAddress;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.AccountRegistration;
import dev.systemauth.core.flow.AccountRegistration.NewUser;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.password.PasswordContext;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.Workspace;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.tenant.WorkspaceSlugs;

/**
 * Trusted server-side provisioning, for bootstrap flows that must not depend on public signup. Server-side
 * only (there is no HTTP route), independent of {@code auth.classic.signup}, and bound by the shared
 * password policy.
 * <p>
 * It creates user, workspace and owner membership through {@link AccountRegistration}, as signup does, in one
 * transaction, and is idempotent only for the exact same target: calling it again with the same email,
 * password and slug returns the same ids. A conflicting
 * target (the slug belongs to a workspace the user does not own, or the email exists with another password)
 * is a {@link AuthErrorCode#PROVISIONING_CONFLICT}, and nothing is half-created. Concurrent identical calls
 * create one user and one workspace.
 */
public final class AuthProvisioningService {

	private static final int ATTEMPTS = 3;

	private final AuthDatabase database;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final PasswordHasher passwordHasher;

	private final PasswordPolicy passwordPolicy;

	private final AccountRegistration registration;

	private final Clock clock;

	public AuthProvisioningService(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			PasswordHasher passwordHasher, PasswordPolicy passwordPolicy, AuditLog auditLog, Clock clock) {
		this.database = database;
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.passwordHasher = passwordHasher;
		this.passwordPolicy = passwordPolicy;
		this.registration = new AccountRegistration(accounts, workspaces, auditLog);
		this.clock = clock;
	}

	/**
	 * Provisions a classic (email/password) user with a workspace it owns.
	 * @param email the email
	 * @param password the password (checked against the password policy)
	 * @param workspaceName the workspace name
	 * @param workspaceSlug the workspace slug, which identifies the target
	 * @param markEmailVerified whether the email counts as verified
	 * @return the ids, and whether they were created by this call
	 */
	public ProvisionedUser provisionClassicUser(String email, String password, String workspaceName,
			String workspaceSlug, boolean markEmailVerified) {
		String normalizedEmail = EmailAddress.normalize(email);
		this.passwordPolicy.check(password, PasswordContext.forEmail(normalizedEmail));
		String name = WorkspaceSlugs.requireValidName(workspaceName);
		String slug = WorkspaceSlugs.requireValid(workspaceSlug);
		for (int attempt = 1;; attempt++) {
			try {
				return provisionOnce(normalizedEmail, password, name, slug, markEmailVerified);
			}
			catch (ConcurrentProvisioning | DataIntegrityViolationException ex) {
				if (attempt >= ATTEMPTS) {
					throw new AuthException(AuthErrorCode.PROVISIONING_CONFLICT,
							"Provisioning raced with another change; retry.", Map.of(), ex);
				}
			}
		}
	}

	private ProvisionedUser provisionOnce(String email, String password, String name, String slug,
			boolean markEmailVerified) {
		Optional<UserAccount> existingUser = this.accounts.findByEmail(email);
		Optional<Workspace> existingWorkspace = this.workspaces.findWorkspaceBySlug(slug);
		if (existingUser.isPresent()) {
			UserAccount user = existingUser.get();
			if (!this.passwordHasher.matches(password, user.passwordHash())) {
				throw conflict("An account with this email exists with a different password.");
			}
			if (existingWorkspace.isPresent()) {
				Workspace workspace = existingWorkspace.get();
				Optional<Membership> membership = this.workspaces.findMembership(workspace.id(), user.id());
				if (membership.isPresent() && membership.get().role() == MembershipRole.OWNER
						&& membership.get().isActive()) {
					if (markEmailVerified && !user.isEmailVerified()) {
						this.accounts.markEmailVerified(user.id(), this.clock.instant());
					}
					return new ProvisionedUser(user.id(), workspace.id(), false);
				}
				throw conflict("The workspace slug belongs to a workspace this user does not own.");
			}
			return createWorkspaceFor(user.id(), name, slug, markEmailVerified);
		}
		if (existingWorkspace.isPresent()) {
			throw conflict("The workspace slug belongs to another workspace.");
		}
		String passwordHash = this.passwordHasher.hash(password);
		UUID userId = UUID.randomUUID();
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			Workspace workspace = orRace(() -> this.registration.register(
					new NewUser(userId, email, passwordHash, markEmailVerified, now), name, slug,
					AuditEventType.USER_PROVISIONED, ClientInfo.SERVER))
				.orElseThrow(ConcurrentProvisioning::new);
			return new ProvisionedUser(userId, workspace.id(), true);
		});
	}

	private ProvisionedUser createWorkspaceFor(UUID userId, String name, String slug, boolean markEmailVerified) {
		Instant now = this.clock.instant();
		return this.database.inTransaction(() -> {
			Workspace workspace = orRace(() -> this.registration.addOwnedWorkspace(userId, name, slug,
					AuditEventType.USER_PROVISIONED, ClientInfo.SERVER));
			if (markEmailVerified) {
				this.accounts.markEmailVerified(userId, now);
			}
			return new ProvisionedUser(userId, workspace.id(), true);
		});
	}

	/** Runs a registration step; a slug taken meanwhile means another call raced this one. */
	private static <T> T orRace(Supplier<T> step) {
		try {
			return step.get();
		}
		catch (AuthException ex) {
			if (ex.getErrorCode() == AuthErrorCode.WORKSPACE_SLUG_TAKEN) {
				throw new ConcurrentProvisioning();
			}
			throw ex;
		}
	}

	private static AuthException conflict(String message) {
		return new AuthException(AuthErrorCode.PROVISIONING_CONFLICT, message);
	}

	/** Another call created part of the target between our reads and our writes: re-read and decide again. */
	private static final class ConcurrentProvisioning extends RuntimeException {

		ConcurrentProvisioning() {
			super(null, null, false, false);
		}

	}

}
