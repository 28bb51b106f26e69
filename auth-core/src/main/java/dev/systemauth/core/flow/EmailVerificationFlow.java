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
import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.ConsumedToken;
import dev.systemauth.core.onetime.OneTimeTokenKind;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.onetime.PendingCode;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.TokenHasher;

/**
 * Verifying an email address ({@code POST /auth/verify-email}, by code or by link, as
 * {@link ClassicSettings#verificationMode()} says) and asking for a new code or link
 * ({@code /verify-email/resend}). Each check of a code or link is an attempt of the client's IP, and a code
 * dies after {@link ClassicSettings#maxCodeAttempts()} wrong ones.
 */
public final class EmailVerificationFlow {

	private final AuthDatabase database;

	private final UserStore accounts;

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final ClassicSettings settings;

	private final Clock clock;

	private final Verifications verifications;

	private final CredentialAttempts attempts;

	private final MailRequests mailRequests;

	public EmailVerificationFlow(AuthDatabase database, UserStore accounts, OneTimeTokenStore oneTimeTokens,
			TokenHasher hasher, AuditLog auditLog, MailDispatcher mail, AuthMailTemplates templates, AuthLinks links,
			ClassicSettings settings, AbuseGuard abuse, Clock clock) {
		this.database = database;
		this.accounts = accounts;
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.auditLog = auditLog;
		this.settings = settings;
		this.clock = clock;
		this.verifications = new Verifications(oneTimeTokens, hasher, mail, templates, links, settings);
		this.attempts = new CredentialAttempts(abuse);
		this.mailRequests = new MailRequests(accounts, abuse, mail);
	}

	/**
	 * Verifies an email address with the token of a link, or with the email and a code.
	 * @param request the token, or the email and the code
	 * @param client who asked
	 */
	public void verifyEmail(AuthRequests.VerifyEmail request, ClientInfo client) {
		if (this.settings.verificationMode() == VerificationMode.CLICK) {
			String token = FlowErrors.require(request.token(), "token");
			this.attempts.check(client, () -> verifyByLink(token, client));
		}
		else {
			String email = EmailAddress.normalize(request.email());
			String code = FlowErrors.require(request.code(), "code");
			this.attempts.check(client, () -> verifyByCode(email, code, client));
		}
	}

	private void verifyByLink(String token, ClientInfo client) {
		String[] tokenHash = this.hasher.candidates(token);
		Instant now = this.clock.instant();
		this.database.inTransaction(() -> {
			ConsumedToken consumed = this.oneTimeTokens.consume(OneTimeTokenKind.EMAIL_VERIFICATION, tokenHash, now)
				.orElseThrow(FlowErrors::invalidOneTimeToken);
			this.accounts.markEmailVerified(consumed.userId(), now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFIED, consumed.workspaceId(),
					consumed.userId(), client));
		});
	}

	/**
	 * Checks a code. Every refusal runs the same statements, so the answer's time does not tell whether the
	 * account exists: an unknown email, a code of the wrong length and a dead code lock and count against ids
	 * that match nothing, and are audited like a wrong code (an unknown email with no user).
	 */
	private void verifyByCode(String email, String code, ClientInfo client) {
		@Nullable UUID userId = this.accounts.findByEmail(email).map(UserAccount::id).orElse(null);
		boolean wellFormed = code.length() == this.settings.verificationCodeLength();
		UUID owner = (userId != null && wellFormed) ? userId : UUID.randomUUID();
		Instant now = this.clock.instant();
		boolean verified = this.database.inTransaction(() -> {
			Optional<PendingCode> pending = this.oneTimeTokens.latestCodeForUpdate(owner, now);
			boolean live = pending.isPresent() && pending.get().attempts() < this.settings.maxCodeAttempts();
			UUID codeId = live ? pending.get().id() : UUID.randomUUID();
			String stored = live ? pending.get().tokenHash() : "";
			boolean matches = matchesAny(stored, this.hasher.candidates(Verifications.codeInput(codeId, code)));
			if (!live || !matches) {
				this.oneTimeTokens.incrementAttempts(codeId);
				return false;
			}
			this.oneTimeTokens.markConsumed(codeId, now);
			this.accounts.markEmailVerified(owner, now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFIED, null, owner, client));
			return true;
		});
		if (!verified) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.EMAIL_VERIFIED, AuditEvent.Outcome.FAILURE, null,
					userId, client, Map.of("reason", "invalid_code")));
			throw new AuthException(AuthErrorCode.INVALID_CODE, "The verification code is invalid or expired.");
		}
	}

	/**
	 * Sends a new verification code or link when the account exists and is not verified yet; the same answer,
	 * in body and time, either way.
	 * @param request the email
	 * @param client who asked
	 */
	public void resendVerification(AuthRequests.ForgotPassword request, ClientInfo client) {
		String email = EmailAddress.normalize(request.email());
		this.mailRequests.afterMailRequest(email, client, (account) -> account.isActive() && !account.isEmailVerified(),
				(account) -> resendNow(email, account.id(), client));
	}

	private void resendNow(String email, UUID userId, ClientInfo client) {
		Instant now = this.clock.instant();
		String secret = this.database.inTransaction(() -> {
			this.oneTimeTokens.invalidateAll(OneTimeTokenKind.EMAIL_VERIFICATION, userId, now);
			String created = this.verifications.create(userId, null, now);
			this.auditLog.record(AuditEvent.success(AuditEventType.EMAIL_VERIFICATION_SENT, null, userId, client));
			return created;
		});
		this.verifications.send(email, secret);
	}

	/** Compares with every candidate, without stopping at a match. */
	private static boolean matchesAny(String stored, String[] candidates) {
		boolean matches = false;
		for (String candidate : candidates) {
			matches |= TokenHasher.equal(stored, candidate);
		}
		return matches;
	}

}
