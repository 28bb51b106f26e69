package dev.systemauth.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code user_identities} table: provider identities linked to users. Its primary key (provider, subject)
 * makes "an identity belongs to one user" a database guarantee.
 */
public final class UserIdentityStore {

	private static final String FIND_USER = """
			SELECT user_id FROM ${schema}.user_identities WHERE provider = ? AND subject = ?""";

	private static final String LINK = """
			INSERT INTO ${schema}.user_identities (provider, subject, user_id, email, created_at, last_used_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (provider, subject) DO NOTHING""";

	private static final String TOUCH = """
			UPDATE ${schema}.user_identities SET last_used_at = ? WHERE provider = ? AND subject = ?""";

	private final AuthDatabase database;

	private final String findUser;

	private final String link;

	private final String touch;

	public UserIdentityStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.findUser = database.sql(FIND_USER);
		this.link = database.sql(LINK);
		this.touch = database.sql(TOUCH);
	}

	/** The user an identity is linked to. */
	public Optional<UUID> findUserId(String provider, String subject) {
		return this.database.jdbc().sql(this.findUser).params(provider, subject).query(UUID.class).optional();
	}

	/**
	 * Links an identity to a user unless it is linked already (to anyone).
	 * @param email the email the provider gave at link time, kept for support
	 * @return true when linked now, false when the identity was linked before
	 */
	public boolean link(String provider, String subject, UUID userId, @Nullable String email, Instant now) {
		return this.database.jdbc()
			.sql(this.link)
			.params(provider, subject, userId, email, AuthDatabase.timestamp(now), AuthDatabase.timestamp(now))
			.update() == 1;
	}

	/** Records a sign-in with the identity. */
	public void touch(String provider, String subject, Instant now) {
		this.database.jdbc().sql(this.touch).params(AuthDatabase.timestamp(now), provider, subject).update();
	}

}
