package dev.systemauth.core.flow;

import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.throttle.AbuseGuard;

/**
 * The shared shape of forgot-password, resend-verification and magic-link requests: the per-IP limit on the
 * request thread (so an outage is a 503), then, off it, the account lookup, the eligibility check, the
 * per-recipient limit and the work, so that the answer's time does not depend on whether the account exists.
 */
final class MailRequests {

	private final UserStore accounts;

	private final AbuseGuard abuse;

	private final MailDispatcher mail;

	MailRequests(UserStore accounts, AbuseGuard abuse, MailDispatcher mail) {
		this.accounts = accounts;
		this.abuse = abuse;
		this.mail = mail;
	}

	/**
	 * @param email the normalized address asked about
	 * @param eligible everything that decides whether a message is sent
	 * @param send the work, off the request thread
	 */
	void afterMailRequest(String email, ClientInfo client, Predicate<UserAccount> eligible, Consumer<UserAccount> send) {
		this.abuse.checkMailRequest(client);
		// only a message that will be sent counts toward the recipient's limit
		this.mail.submit(() -> this.accounts.findByEmail(email)
			.filter(eligible)
			.filter((account) -> this.abuse.allowMailTo(email))
			.ifPresent(send));
	}

}
