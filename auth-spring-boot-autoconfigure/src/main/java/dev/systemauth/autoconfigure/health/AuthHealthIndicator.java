package dev.systemauth.autoconfigure.health;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.tenant.MembershipCache;

/**
 * Reports whether the auth database answers (DOWN when it does not: every sign-in and every protected
 * request then fails closed with 503) and the state of the membership listener as a detail.
 * <p>
 * A disconnected listener is still UP: the starter then fails closed by itself, checking memberships and
 * sessions in the database on every request, so the instance stays correct, only slower. Taking it out of
 * service would turn a listener hiccup into an outage.
 */
public final class AuthHealthIndicator extends AbstractHealthIndicator {

	private final AuthDatabase database;

	private final @Nullable MembershipCache cache;

	public AuthHealthIndicator(AuthDatabase database, @Nullable MembershipCache cache) {
		super("Auth database health check failed");
		this.database = database;
		this.cache = cache;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.database.jdbc().sql("SELECT 1").query(Integer.class).single();
		builder.up().withDetail("database", "reachable").withDetail("schema", this.database.schema());
		if (this.cache == null) {
			builder.withDetail("membershipCache", "disabled (every protected request checks the database)");
		}
		else if (this.cache.isServing()) {
			builder.withDetail("membershipCache", "serving (the listener proves delivery)");
		}
		else {
			builder.withDetail("membershipCache",
					"not serving: the listener is disconnected or cannot prove delivery; protected requests check "
							+ "the database (fail closed)");
		}
	}

}
