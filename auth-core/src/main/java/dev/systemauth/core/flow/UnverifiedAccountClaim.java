package dev.systemauth.core.flow;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.session.SessionService;

/**
 * The pre-hijacking defence. Whoever signed up with an address they do not control chose the password of an
 * account that was never verified; when the owner of the mailbox first proves control of it through another
 * channel (a magic link, an identity provider), that password is cleared and every session of the
 * account ends, so the squatter is shut out. The owner sets a password with a reset.
 */
final class UnverifiedAccountClaim {

	private final UserStore accounts;

	private final SessionService sessions;

	private final AuditLog auditLog;

	private final Clock clock;

	UnverifiedAccountClaim(UserStore accounts, SessionService sessions, AuditLog auditLog, Clock clock) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.auditLog = auditLog;
		this.clock = clock;
	}

	/**
	 * Claims the account for the proven owner of its mailbox, when it was never verified. Joins the caller's
	 * transaction.
	 * @param channel how control of the mailbox was proven, for the audit row
	 */
	void claimIfNeverVerified(UserAccount account, @Nullable UUID workspaceId, String channel, ClientInfo client) {
		if (account.isEmailVerified()) {
			return;
		}
		boolean hadPassword = account.passwordHash() != null;
		this.accounts.clearPassword(account.id(), this.clock.instant());
		int ended = this.sessions.revokeAll(account.id(), "unverified_account_claimed");
		this.auditLog.record(AuditEvent.of(AuditEventType.UNVERIFIED_ACCOUNT_CLAIMED, AuditEvent.Outcome.SUCCESS,
				workspaceId, account.id(), client, Map.of("channel", channel, "passwordCleared",
						Boolean.toString(hadPassword), "sessionsEnded", Integer.toString(ended))));
	}

}
