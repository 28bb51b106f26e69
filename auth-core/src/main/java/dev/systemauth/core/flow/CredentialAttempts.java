package dev.systemauth.core.flow;

import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.throttle.AbuseGuard;

/**
 * Runs a check of a secret the client presents (a code, a reset or magic-link token) as an attempt of the
 * client's IP, reserved before it: an {@link AuthException} leaves it counted as failed, a success or another
 * error takes it back.
 */
final class CredentialAttempts {

	private final AbuseGuard abuse;

	CredentialAttempts(AbuseGuard abuse) {
		this.abuse = abuse;
	}

	void check(ClientInfo client, Runnable check) {
		check(client, (ex) -> true, () -> {
			check.run();
			return null;
		});
	}

	<T> T check(ClientInfo client, Supplier<T> check) {
		return check(client, (ex) -> true, check);
	}

	/**
	 * @param failed which refusals count as a failed attempt; any other error takes the attempt back
	 */
	<T> T check(ClientInfo client, Predicate<AuthException> failed, Supplier<T> check) {
		AbuseGuard.CredentialAttempt attempt = this.abuse.reserveCredentialAttempt(null, client);
		T result;
		try {
			result = check.get();
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof AuthException auth && failed.test(auth))) {
				abandon(attempt, ex);
			}
			throw ex;
		}
		attempt.succeeded();
		return result;
	}

	/** Takes back an attempt whose credential was never judged, keeping the error that stopped it. */
	static void abandon(AbuseGuard.CredentialAttempt attempt, RuntimeException cause) {
		try {
			attempt.abandon();
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

}
