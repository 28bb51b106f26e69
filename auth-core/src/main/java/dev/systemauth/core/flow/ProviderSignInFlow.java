package dev.systemauth.core.flow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.identity.AuthorizationRequest;
import dev.systemauth.core.identity.AuthorizationStore;
import dev.systemauth.core.identity.ExchangeCodeStore;
import dev.systemauth.core.identity.IdentityProviders;
import dev.systemauth.core.identity.PendingAuthorization;
import dev.systemauth.core.identity.UserIdentityStore;
import dev.systemauth.core.identity.VerifiedIdentity;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.Membership;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleSettlement;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenPair;

/**
 * Signing in with an identity provider ({@code GET /auth/oauth/{provider}/authorize}, {@code .../callback},
 * {@code POST /auth/oauth/exchange}). The authorization request carries a single-use {@code state} bound to
 * the browser that started it, a PKCE S256 challenge and an OpenID Connect {@code nonce}; the callback turns the
 * provider's code into a verified identity, links it to a user ({@code IdentityLinking}) and hands the front end
 * a one-time exchange code (hashed, single use, {@value #EXCHANGE_CODE_SECONDS} s); the exchange starts the
 * session through {@link SessionService}. No token ever travels in a URL.
 */
public final class ProviderSignInFlow {

	/** Lifetime of an exchange code, in seconds. */
	public static final long EXCHANGE_CODE_SECONDS = 60;

	private static final String ACCESS_DENIED = "access_denied";

	private final AuthDatabase database;

	private final IdentityProviders providers;

	private final UserStore accounts;

	private final WorkspaceService workspaces;

	private final SessionService sessions;

	private final SignInCompletion completion;

	private final AuditLog auditLog;

	private final AuthorizationStore authorizations;

	private final ExchangeCodeStore exchangeCodes;

	private final IdentityLinking linking;

	private final CredentialAttempts attempts;

	private final AbuseGuard abuse;

	private final Duration stateTtl;

	private final Clock clock;

	public ProviderSignInFlow(AuthDatabase database, IdentityProviders providers, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, AccountRegistration registration, AuditLog auditLog,
			AbuseGuard abuse, Duration stateTtl, Clock clock) {
		this(database, providers, accounts, workspaces, sessions, registration, auditLog, abuse, stateTtl, clock,
				SignInCompletion.sessionsOnly(sessions));
	}

	/**
	 * @param completion starts the session or, for a user with a second factor, issues the MFA challenge
	 */
	public ProviderSignInFlow(AuthDatabase database, IdentityProviders providers, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, AccountRegistration registration, AuditLog auditLog,
			AbuseGuard abuse, Duration stateTtl, Clock clock, SignInCompletion completion) {
		this.completion = Objects.requireNonNull(completion, "completion must not be null");
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.providers = Objects.requireNonNull(providers, "providers must not be null");
		this.accounts = accounts;
		this.workspaces = workspaces;
		this.sessions = sessions;
		this.auditLog = auditLog;
		this.authorizations = new AuthorizationStore(database);
		this.exchangeCodes = new ExchangeCodeStore(database);
		this.linking = new IdentityLinking(accounts, workspaces, new UserIdentityStore(database), registration,
				sessions, auditLog, clock);
		this.attempts = new CredentialAttempts(abuse);
		this.abuse = Objects.requireNonNull(abuse, "abuse must not be null");
		this.stateTtl = Objects.requireNonNull(stateTtl, "stateTtl must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/** Whether a provider with this id is enabled; the routes of any other are 404. */
	public boolean hasProvider(String providerId) {
		return this.providers.find(providerId).isPresent();
	}

	/**
	 * Starts a sign-in: stores the authorization request and answers where to send the browser. Each start
	 * stores a row, so starts are counted per client IP first ({@link AbuseGuard#checkAuthorizeRequest}).
	 * @param providerId the provider
	 * @param workspaceId the workspace to sign in to, if the front end names one
	 * @param browserBinding the random value of the browser's binding cookie
	 * @param redirectUri this application's callback URI for the provider
	 * @param client who starts it
	 * @return the provider's authorization URI
	 * @throws AuthException {@link AuthErrorCode#TOO_MANY_REQUESTS} beyond the IP's limit; nothing is stored
	 */
	public URI authorize(String providerId, @Nullable UUID workspaceId, String browserBinding, URI redirectUri,
			ClientInfo client) {
		IdentityProviders.Registration registration = registration(providerId);
		this.abuse.checkAuthorizeRequest(client);
		AuthorizationRequest request = new AuthorizationRequest(SecureTokens.newToken(), SecureTokens.newToken(),
				SecureTokens.newToken(), redirectUri);
		URI target = registration.provider().authorizationUri(request);
		Instant now = this.clock.instant();
		// expired rows are worthless; pruning here too keeps both tables small when the periodic cleanup is off
		this.authorizations.deleteExpired(now);
		this.exchangeCodes.deleteExpired(now);
		this.authorizations.insert(providerId, request, browserBinding, workspaceId, now, now.plus(this.stateTtl));
		return target;
	}

	/**
	 * Completes the provider's side: checks the state, exchanges the provider's code for the identity, links
	 * or creates the user, and issues an exchange code. Failures are audited and thrown with their code.
	 * @param providerId the provider of the route
	 * @param callback the callback's parameters
	 * @param browserBinding the binding cookie's value, or {@code null} when the browser sent none
	 * @param client who asked
	 * @return the exchange code for the front end
	 */
	public String callback(String providerId, Callback callback, @Nullable String browserBinding,
			ClientInfo client) {
		IdentityProviders.Registration registration = registration(providerId);
		try {
			PendingAuthorization pending = consumeState(providerId, callback.state(), browserBinding);
			if (callback.error() != null) {
				throw ACCESS_DENIED.equals(callback.error())
						? new AuthException(AuthErrorCode.ACCESS_DENIED, "The sign-in was not allowed at the provider.")
						: new AuthException(AuthErrorCode.PROVIDER_ERROR, "The identity provider answered an error.");
			}
			if (callback.code() == null || callback.code().isBlank()) {
				throw new AuthException(AuthErrorCode.PROVIDER_ERROR, "The identity provider sent no code.");
			}
			VerifiedIdentity identity = registration.provider().authenticate(callback.code(), pending.request());
			return this.database.inTransaction(() -> {
				UserAccount account = this.linking.resolve(identity, registration.policy(), client);
				this.linking.joinWorkspace(account, registration.policy(), client);
				UUID workspaceId = (registration.policy().workspaceId() != null) ? registration.policy().workspaceId()
						: pending.workspaceId();
				String code = SecureTokens.newToken();
				Instant now = this.clock.instant();
				this.exchangeCodes.insert(code, account.id(), workspaceId, providerId, now,
						now.plusSeconds(EXCHANGE_CODE_SECONDS));
				return code;
			});
		}
		catch (AuthException ex) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PROVIDER_SIGN_IN, AuditEvent.Outcome.FAILURE, null,
					null, client, Map.of("provider", providerId, "error", ex.getErrorCode().code())));
			throw ex;
		}
	}

	private PendingAuthorization consumeState(String providerId, @Nullable String state,
			@Nullable String browserBinding) {
		if (state == null || state.isBlank()) {
			throw invalidState();
		}
		PendingAuthorization pending = this.authorizations
			.consume(providerId, state, browserBinding, this.clock.instant())
			.orElseThrow(ProviderSignInFlow::invalidState);
		if (!pending.boundToBrowser()) {
			throw invalidState();
		}
		return pending;
	}

	/**
	 * Exchanges a code from the callback for the session's tokens. When the user has several workspaces and
	 * neither the sign-in nor the request names one, the code stays unused and the answer lists them.
	 * @param code the exchange code
	 * @param workspaceId the workspace chosen, when the sign-in named none
	 * @param client who asked
	 * @return the new session's tokens
	 */
	public TokenPair exchange(@Nullable String code, @Nullable UUID workspaceId, ClientInfo client) {
		return exchangeOrChallenge(code, workspaceId, client).requireTokens();
	}

	/**
	 * Exchanges a code, as {@link #exchange}, but answers with the MFA challenge instead of tokens when the
	 * user has a second factor.
	 * @return the tokens, or the challenge
	 */
	public SignInResult exchangeOrChallenge(@Nullable String code, @Nullable UUID workspaceId, ClientInfo client) {
		String presented = FlowErrors.requireToken(code, "code");
		return this.attempts.check(client, (ex) -> ex.getErrorCode() == AuthErrorCode.INVALID_TOKEN,
				() -> this.database.inTransaction(() -> {
					ExchangeCodeStore.ExchangeCode consumed = this.exchangeCodes
						.consume(presented, this.clock.instant())
						.orElseThrow(ProviderSignInFlow::invalidCode);
					UserAccount account = this.accounts.findById(consumed.userId())
						.filter(UserAccount::isActive)
						.orElseThrow(ProviderSignInFlow::invalidCode);
					Membership membership = WorkspaceChoice.select(this.workspaces.activeMembershipsOf(account.id()),
							(consumed.workspaceId() != null) ? consumed.workspaceId() : workspaceId);
					return this.completion.complete(account.id(), membership.workspaceId(), client,
							AuditEvent.of(AuditEventType.PROVIDER_SIGN_IN, AuditEvent.Outcome.SUCCESS,
									membership.workspaceId(), account.id(), client,
									Map.of("provider", consumed.provider())),
							ThrottleSettlement.NONE);
				}));
	}

	private IdentityProviders.Registration registration(String providerId) {
		return this.providers.find(providerId)
			.orElseThrow(() -> new AuthException(AuthErrorCode.NOT_FOUND, "Not found."));
	}

	private static AuthException invalidState() {
		return new AuthException(AuthErrorCode.INVALID_STATE,
				"The sign-in request is unknown, used, expired or was started in another browser.");
	}

	private static AuthException invalidCode() {
		return new AuthException(AuthErrorCode.INVALID_TOKEN, "The exchange code is invalid, used or expired.");
	}

	/**
	 * What the provider sent the callback.
	 *
	 * @param code the authorization code
	 * @param state the state
	 * @param error the provider's error, such as {@code access_denied}
	 */
	public record Callback(@Nullable String code, @Nullable String state, @Nullable String error) {

		@Override
		public String toString() {
			return "Callback[error=" + this.error + "]";
		}

	}

}
