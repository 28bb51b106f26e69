package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.onetime.OneTimeTokenKind;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Issues a single-use link token (password reset, magic link): its keyed hash is stored with the audit row of
 * the request in one transaction, and the token itself is returned to be mailed, never stored.
 */
final class OneTimeLinks {

	private final AuthDatabase database;

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final AuditLog auditLog;

	private final Clock clock;

	OneTimeLinks(AuthDatabase database, OneTimeTokenStore oneTimeTokens, TokenHasher hasher, AuditLog auditLog,
			Clock clock) {
		this.database = database;
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.auditLog = auditLog;
		this.clock = clock;
	}

	/** Stores a new token of this kind for the user, audited; returns the token to send. */
	String issue(OneTimeTokenKind kind, UUID userId, @Nullable UUID workspaceId, Duration ttl, AuditEvent audit) {
		String token = SecureTokens.newToken();
		Instant now = this.clock.instant();
		this.database.inTransaction(() -> {
			this.oneTimeTokens.insert(kind, UUID.randomUUID(), userId, workspaceId, this.hasher.hash(token), now,
					now.plus(ttl));
			this.auditLog.record(audit);
		});
		return token;
	}

}
