package dev.systemauth.core.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The store of user accounts (the {@code users} table). {@link JdbcUserStore} is the implementation; a host
 * may define its own bean to replace it. Emails are given already normalised ({@link EmailAddress#normalize}),
 * and one account per email is the store's guarantee.
 * <p>
 * The methods are single writes or reads; callers compose them in a transaction with their audit row. To
 * change a user's status with its audit row, use {@link UserStatusService} rather than
 * {@link #updateStatus} directly.
 */
public interface UserStore {

	/**
	 * Inserts an account unless the email is taken.
	 * @param id the user id
	 * @param email the normalised email
	 * @param passwordHash the password hash
	 * @param emailVerified whether the email counts as verified from now on
	 * @param now the creation time
	 * @return true when inserted, false when an account with this email exists
	 */
	boolean insert(UUID id, String email, String passwordHash, boolean emailVerified, Instant now);

	/**
	 * The account with this email.
	 * @param normalizedEmail the email
	 * @return the account, if there is one
	 */
	Optional<UserAccount> findByEmail(String normalizedEmail);

	/**
	 * The account with this email and its active memberships (whatever the account's own status), read
	 * together.
	 * @param normalizedEmail the email
	 * @return the account and its active memberships, by workspace name
	 */
	Optional<SignInAccount> findForSignIn(String normalizedEmail);

	/**
	 * The account with this id.
	 * @param id the user id
	 * @return the account, if there is one
	 */
	Optional<UserAccount> findById(UUID id);

	/**
	 * Marks the email verified, keeping the first verification time.
	 * @param id the user id
	 * @param now the time
	 */
	void markEmailVerified(UUID id, Instant now);

	/**
	 * Replaces the password hash.
	 * @param id the user id
	 * @param passwordHash the new hash
	 * @param now the time
	 */
	void updatePassword(UUID id, String passwordHash, Instant now);

	/**
	 * Removes the password: the account can then sign in only by proving control of its email.
	 * @param id the user id
	 * @param now the time
	 */
	void clearPassword(UUID id, Instant now);

	/**
	 * Sets the account status, and nothing else: no audit row. Leaving {@link UserStatus#ACTIVE} ends the
	 * user's sessions (a trigger on the table). Prefer {@link UserStatusService#changeStatus}.
	 * @param id the user id
	 * @param status the new status
	 * @param now the time
	 * @return whether an account was updated
	 */
	boolean updateStatus(UUID id, UserStatus status, Instant now);

}
