package dev.systemauth.core.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.jdbc.AuthDatabase;

/**
 * The {@code oauth_authorizations} table: authorization requests in flight. The {@code state} and the
 * browser's binding value are stored as hashes; consumption is one conditional {@code UPDATE ... RETURNING},
 * so a state is used at most once, and only before it expires.
 */
public final class AuthorizationStore {

	private static final String INSERT = """
			INSERT INTO ${schema}.oauth_authorizations
				(state_hash, binding_hash, provider, code_verifier, nonce, redirect_uri, workspace_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String CONSUME = """
			UPDATE ${schema}.oauth_authorizations SET consumed_at = ?
			WHERE state_hash = ? AND provider = ? AND consumed_at IS NULL AND expires_at > ?
			RETURNING binding_hash, code_verifier, nonce, redirect_uri, workspace_id""";

	private static final String DELETE_EXPIRED = """
			DELETE FROM ${schema}.oauth_authorizations WHERE expires_at < ?""";

	private final AuthDatabase database;

	private final String insert;

	private final String consume;

	private final String deleteExpired;

	public AuthorizationStore(AuthDatabase database) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.insert = database.sql(INSERT);
		this.consume = database.sql(CONSUME);
		this.deleteExpired = database.sql(DELETE_EXPIRED);
	}

	/**
	 * Stores a new authorization request.
	 * @param provider the provider's id
	 * @param request its secrets (the state is stored hashed)
	 * @param browserBinding the random value of the browser's binding cookie (stored hashed)
	 * @param workspaceId the workspace asked for, if any
	 * @param now when
	 * @param expiresAt until when the callback may use it
	 */
	public void insert(String provider, AuthorizationRequest request, String browserBinding,
			@Nullable UUID workspaceId, Instant now, Instant expiresAt) {
		this.database.jdbc()
			.sql(this.insert)
			.params(Hashes.sha256(request.state()), Hashes.sha256(browserBinding), provider, request.codeVerifier(),
					request.nonce(), request.redirectUri().toString(), workspaceId, AuthDatabase.timestamp(now),
					AuthDatabase.timestamp(expiresAt))
			.update();
	}

	/**
	 * Consumes the request with this state, if it is unused, unexpired and was started for this provider. A
	 * state presented from another browser is consumed all the same (and reported as not bound), so it can
	 * never be tried again.
	 * @param provider the provider of the callback's route
	 * @param state the state the provider sent back
	 * @param browserBinding the binding value of the browser's cookie, or {@code null} when it sent none
	 * @param now when
	 * @return the request, or empty when the state is unknown, used or expired
	 */
	public Optional<PendingAuthorization> consume(String provider, String state, @Nullable String browserBinding,
			Instant now) {
		String bindingHash = (browserBinding != null) ? Hashes.sha256(browserBinding) : null;
		return this.database.jdbc()
			.sql(this.consume)
			.params(AuthDatabase.timestamp(now), Hashes.sha256(state), provider, AuthDatabase.timestamp(now))
			.query((rs, n) -> new PendingAuthorization(provider,
					new AuthorizationRequest(state, rs.getString("nonce"), rs.getString("code_verifier"),
							URI.create(rs.getString("redirect_uri"))),
					rs.getObject("workspace_id", UUID.class),
					bindingHash != null && equal(bindingHash, rs.getString("binding_hash"))))
			.optional();
	}

	/** Deletes the requests that expired before {@code before}; returns how many. */
	public int deleteExpired(Instant before) {
		return this.database.jdbc().sql(this.deleteExpired).param(AuthDatabase.timestamp(before)).update();
	}

	private static boolean equal(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

}
