package dev.systemauth.core.error;

/**
 * The stable, machine-readable error codes of the HTTP contract, each with its HTTP status.
 * Codes are part of the public contract: never rename one.
 */
public enum AuthErrorCode {

	/** The request body is not valid JSON, or a field has the wrong type. */
	MALFORMED_REQUEST("malformed_request", 400),
	/** A field is missing or its value is not acceptable. */
	VALIDATION_FAILED("validation_failed", 400),
	/** The password does not satisfy the password policy. */
	WEAK_PASSWORD("weak_password", 400),
	/** A reset or verification token is unknown, used or expired. */
	INVALID_OR_EXPIRED_TOKEN("invalid_or_expired_token", 400),
	/** A verification code is wrong, used, expired or out of attempts. */
	INVALID_CODE("invalid_code", 400),
	/** The protected request has no valid {@code x-workspace-id} header. */
	WORKSPACE_REQUIRED("workspace_required", 400),
	/** The OAuth {@code state} of a provider callback is unknown, used, expired or from another browser. */
	INVALID_STATE("invalid_state", 400),
	/** The email or password is wrong. */
	INVALID_CREDENTIALS("invalid_credentials", 401),
	/** The access or refresh token is missing, malformed, expired, revoked or badly signed. */
	INVALID_TOKEN("invalid_token", 401),
	/** The identity provider's ID token failed validation (signature, issuer, audience, nonce, expiry). */
	INVALID_ID_TOKEN("invalid_id_token", 401),
	/** The email address must be verified before login. */
	EMAIL_NOT_VERIFIED("email_not_verified", 403),
	/** The account is suspended or deleted. */
	ACCOUNT_DISABLED("account_disabled", 403),
	/**
	 * The identity provider's email is missing or not verified, and the sign-in needs it (to link or create an
	 * account).
	 */
	PROVIDER_EMAIL_NOT_VERIFIED("provider_email_not_verified", 403),
	/** No account has this identity or email, and the provider may not create accounts. */
	SIGNUP_DISABLED("signup_disabled", 403),
	/** The email's domain may not sign in through this identity provider. */
	EMAIL_DOMAIN_NOT_ALLOWED("email_domain_not_allowed", 403),
	/** The workspace header does not match the token's workspace. */
	WORKSPACE_MISMATCH("workspace_mismatch", 403),
	/** The user has no active membership in the workspace. */
	MEMBERSHIP_INACTIVE("membership_inactive", 403),
	/**
	 * The caller is authenticated but not allowed to do this (a method-security rule refused it); also the user
	 * denying consent at an identity provider.
	 */
	ACCESS_DENIED("access_denied", 403),
	/** The route does not exist or is disabled. */
	NOT_FOUND("not_found", 404),
	/** The HTTP method is not supported on this route. */
	METHOD_NOT_ALLOWED("method_not_allowed", 405),
	/** An account with this email already exists. */
	EMAIL_TAKEN("email_taken", 409),
	/** The workspace slug belongs to another workspace. */
	WORKSPACE_SLUG_TAKEN("workspace_slug_taken", 409),
	/** The user has several active workspaces and must choose one. */
	WORKSPACE_SELECTION_REQUIRED("workspace_selection_required", 409),
	/** Trusted provisioning found an existing, different target. */
	PROVISIONING_CONFLICT("provisioning_conflict", 409),
	/** The request body is larger than allowed. */
	PAYLOAD_TOO_LARGE("payload_too_large", 413),
	/** The request content type is not JSON. */
	UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
	/** Too many attempts; retry later. */
	TOO_MANY_REQUESTS("too_many_requests", 429),
	/** An unexpected error; details are in the server log only. */
	INTERNAL_ERROR("internal_error", 500),
	/** The identity provider refused the request or answered something unusable. */
	PROVIDER_ERROR("provider_error", 502),
	/** The identity provider cannot be reached. */
	PROVIDER_UNAVAILABLE("provider_unavailable", 503),
	/**
	 * The database (or, when the password policy fails closed, the breached-password service) cannot be
	 * reached; the request was not carried out.
	 */
	SERVICE_UNAVAILABLE("service_unavailable", 503),
	/**
	 * Too many password checks are already waiting (or the server is stopping); the request was not carried
	 * out. It comes with a {@code retryAfter} in seconds.
	 */
	SERVER_BUSY("server_busy", 503),
	// --- second factor (TOTP) ---
	/** The user already has a confirmed second factor; disable it before enrolling again. */
	MFA_ALREADY_ENABLED("mfa_already_enabled", 409),
	// --- end second factor ---

	// --- workspace invitations and members (issue 14) ---
	/** The caller's role does not allow this change of membership or invitation (role rules in the README). */
	FORBIDDEN_ROLE("forbidden_role", 403),
	/** The invitation was sent to another email address than the caller's verified one. */
	INVITATION_EMAIL_MISMATCH("invitation_email_mismatch", 403),
	/** The invited email already belongs to an active member of the workspace. */
	ALREADY_MEMBER("already_member", 409),
	/** The change would leave the workspace without an active owner. */
	LAST_OWNER("last_owner", 409),
	// --- end workspace invitations and members ---
	// --- passkeys: begin ---
	/** A passkey ceremony's challenge is unknown, expired, already used, or was issued to another user. */
	INVALID_CHALLENGE("invalid_challenge", 400),
	/** A passkey registration failed verification (origin, relying party, type, user verification...). */
	INVALID_PASSKEY("invalid_passkey", 400),
	/** This passkey (credential id) is already registered. */
	PASSKEY_ALREADY_REGISTERED("passkey_already_registered", 409),
	/** The user has as many passkeys as allowed; delete one before registering another. */
	PASSKEY_LIMIT_REACHED("passkey_limit_reached", 409),
	// --- passkeys: end ---

	// mfa policy: begin
	/** Requiring a second factor in a workspace needs the acting owner to have a confirmed one first. */
	MFA_NOT_ENABLED("mfa_not_enabled", 409),
	/** A workspace the user is an active member of requires a second factor, so it cannot be disabled. */
	MFA_REQUIRED_BY_WORKSPACE("mfa_required_by_workspace", 409),
	/** The workspace requires a second factor the user has not enrolled; sign in to it to get an enrolment token. */
	MFA_ENROLMENT_REQUIRED("mfa_enrolment_required", 403);
	// mfa policy: end

	private final String code;

	private final int status;

	AuthErrorCode(String code, int status) {
		this.code = code;
		this.status = status;
	}

	/** The code as it appears in the {@code code} member of a problem response. */
	public String code() {
		return this.code;
	}

	/** The HTTP status that goes with the code. */
	public int status() {
		return this.status;
	}

}
