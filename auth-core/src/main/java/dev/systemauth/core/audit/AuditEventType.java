package dev.systemauth.core.audit;

import java.util.Locale;

/**
 * The security events the library records.
 */
public enum AuditEventType {

	SIGNUP, LOGIN, REFRESH, REFRESH_REUSE_DETECTED, LOGOUT, EMAIL_VERIFICATION_SENT, EMAIL_VERIFIED,
	PASSWORD_RESET_REQUESTED, PASSWORD_RESET_COMPLETED, MAGIC_LINK_REQUESTED, MAGIC_LINK_CONSUMED,
	WORKSPACE_SWITCHED, WORKSPACE_CREATED, MEMBERSHIP_ADDED, MEMBERSHIP_SUSPENDED, MEMBERSHIP_REACTIVATED,
	MEMBERSHIP_REMOVED, USER_PROVISIONED, ACCESS_DENIED, ACCESS, SESSION_REVOKED, LOGOUT_ALL,
	/** An account never verified was proven through another channel: its password was cleared, its sessions ended. */
	UNVERIFIED_ACCOUNT_CLAIMED,
	/** A user's status was changed through {@code UserStatusService}; {@code details.status} holds the new one. */
	USER_STATUS_CHANGED,
	/** An identity provider's identity was linked to a user (details: provider, how). */
	IDENTITY_LINKED,
	/** A sign-in through an identity provider (details: provider; on failure, the error code). */
	PROVIDER_SIGN_IN,
	// --- second factor (TOTP) ---
	/** A TOTP secret was issued for enrolment (not yet confirmed). */
	MFA_ENROLLED,
	/** A TOTP enrolment was confirmed with a code (or confirmed again); recovery codes were (re)issued. */
	MFA_CONFIRMED,
	/** The second factor was disabled. */
	MFA_DISABLED,
	/** A sign-in passed its first factor and was asked for the second ({@code mfaToken} issued). */
	MFA_CHALLENGED,
	/** A second-factor code was checked at {@code /auth/mfa/verify}: success or failure. */
	MFA_VERIFIED,
	/** A recovery code was used (and is now spent). */
	MFA_RECOVERY_CODE_USED,
	// --- end second factor ---

	// --- workspace invitations and members (issue 14) ---
	/** A member's role was changed (details: role, previousRole, by). */
	MEMBERSHIP_ROLE_CHANGED,
	/** An invitation was created and mailed (details: invitationId, role, by; never the token). */
	INVITATION_CREATED,
	/** A pending invitation was revoked (details: invitationId, by). */
	INVITATION_REVOKED,
	/** An invitation was accepted (details: invitationId, role, how). */
	INVITATION_ACCEPTED,
	// --- end workspace invitations and members ---

	// mfa policy: begin
	/** A workspace's MFA policy was changed (details: mfaRequired, by, endedSessions). */
	WORKSPACE_MFA_POLICY_CHANGED,
	/** A sign-in into a workspace that requires a second factor answered with an enrolment token (details: how). */
	MFA_ENROLMENT_REQUIRED,
	// mfa policy: end
	// misc: begin
	/**
	 * A member change was refused by the role rules (details: by, action, reason: {@code forbidden_role} or
	 * {@code last_owner}; the row's user is the target).
	 */
	MEMBERSHIP_CHANGE_REFUSED,
	// misc: end
	// --- passkeys: begin ---
	/** A passkey was registered (details: passkeyId; never key material). */
	PASSKEY_REGISTERED,
	/** A passkey was deleted by its owner (details: passkeyId). */
	PASSKEY_DELETED,
	/** A sign-in with a passkey succeeded (details: passkeyId, factor: first or second). */
	PASSKEY_LOGIN_SUCCESS,
	/** A sign-in with a passkey failed (details: reason). */
	PASSKEY_LOGIN_FAILED,
	/** An assertion's signature counter did not grow: possibly a cloned authenticator (details: passkeyId). */
	PASSKEY_COUNTER_REGRESSION;
	// --- passkeys: end ---

	/** The value stored in {@code audit_logs.event_type}, for example {@code login}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
