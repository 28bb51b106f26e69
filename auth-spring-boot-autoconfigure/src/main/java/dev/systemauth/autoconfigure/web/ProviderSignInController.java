package dev.systemauth.autoconfigure.web;

import java.net.URI;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.flow.ProviderSignInFlow;

/**
 * {@code GET /auth/oauth/{provider}/authorize}, {@code GET /auth/oauth/{provider}/callback} and
 * {@code POST /auth/oauth/exchange}; present when an identity provider is enabled. The two browser routes
 * always end in a redirect (to the provider, or to the front end with {@code #code=} or {@code #error=}),
 * never in an error page; a provider that is not enabled is 404 {@code not_found}, and a client over its
 * limit of sign-ins started ({@code auth.throttle.ip-max-authorize-requests}) is 429 with {@code Retry-After}.
 */
@RestController
@AuthEndpoint
public class ProviderSignInController {

	private static final Logger logger = LoggerFactory.getLogger(ProviderSignInController.class);

	private final ProviderSignInFlow flow;

	private final ClientInfoResolver clients;

	private final ProviderRedirects redirects;

	private final String basePath;

	private final ProviderRedirectUris redirectUris;

	public ProviderSignInController(ProviderSignInFlow flow, ClientInfoResolver clients, ProviderRedirects redirects,
			String basePath, ProviderRedirectUris redirectUris) {
		this.flow = flow;
		this.clients = clients;
		this.redirects = redirects;
		this.basePath = basePath;
		this.redirectUris = redirectUris;
	}

	@GetMapping("${auth.web.base-path:/auth}/oauth/{provider}/authorize")
	ResponseEntity<Void> authorize(@PathVariable String provider,
			@RequestParam(name = "workspaceId", required = false) @Nullable String workspaceId,
			HttpServletRequest request) {
		requireProvider(provider);
		try {
			String binding = ProviderRedirects.bindingOrNew(request);
			URI target = this.flow.authorize(provider, workspace(workspaceId), binding, redirectUri(provider, request),
					this.clients.resolve(request));
			return this.redirects.toProvider(target, binding, request);
		}
		catch (AuthException ex) {
			if (ex.getErrorCode() == AuthErrorCode.TOO_MANY_REQUESTS) {
				// a client over its limit is not a sign-in in progress: 429 with Retry-After, like every limit
				throw ex;
			}
			return this.redirects.error(errorCode(ex));
		}
		catch (RuntimeException ex) {
			return this.redirects.error(errorCode(ex));
		}
	}

	@GetMapping("${auth.web.base-path:/auth}/oauth/{provider}/callback")
	ResponseEntity<Void> callback(@PathVariable String provider,
			@RequestParam(name = "code", required = false) @Nullable String code,
			@RequestParam(name = "state", required = false) @Nullable String state,
			@RequestParam(name = "error", required = false) @Nullable String error, HttpServletRequest request) {
		requireProvider(provider);
		try {
			String exchangeCode = this.flow.callback(provider, new ProviderSignInFlow.Callback(code, state, error),
					ProviderRedirects.binding(request), this.clients.resolve(request));
			return this.redirects.complete(exchangeCode);
		}
		catch (RuntimeException ex) {
			return this.redirects.error(errorCode(ex));
		}
	}

	@PostMapping(path = "${auth.web.base-path:/auth}/oauth/exchange", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> exchange(@RequestBody AuthBody body, HttpServletRequest request) {
		JsonNode json = RequestBodies.object(body.json());
		return AuthResponses.noStore(HttpStatus.OK,
				SignInResponses.of(this.flow.exchangeOrChallenge(RequestBodies.text(json, "code"),
						RequestBodies.uuid(json, "workspaceId"), this.clients.resolve(request))));
	}

	private void requireProvider(String provider) {
		if (!this.flow.hasProvider(provider)) {
			throw new AuthException(AuthErrorCode.NOT_FOUND, "Not found.");
		}
	}

	private URI redirectUri(String provider, HttpServletRequest request) {
		URI configured = this.redirectUris.configured(provider);
		if (configured != null) {
			return configured;
		}
		return ServletUriComponentsBuilder.fromContextPath(request)
			.path(this.basePath + "/oauth/" + provider + "/callback")
			.build()
			.toUri();
	}

	private static @Nullable UUID workspace(@Nullable String workspaceId) {
		if (workspaceId == null || workspaceId.isEmpty()) {
			return null;
		}
		try {
			UUID id = UUID.fromString(workspaceId);
			if (workspaceId.length() == 36 && id.toString().equalsIgnoreCase(workspaceId)) {
				return id;
			}
		}
		catch (IllegalArgumentException ex) {
			// refused below
		}
		throw new AuthException(AuthErrorCode.VALIDATION_FAILED, "workspaceId must be a UUID.");
	}

	/** The stable code of a failure; the front end gets nothing more, the log gets unexpected ones. */
	private static String errorCode(RuntimeException ex) {
		if (ex instanceof AuthException auth) {
			return auth.getErrorCode().code();
		}
		if (ex instanceof DataAccessException || ex instanceof TransactionException) {
			logger.warn("Provider sign-in failed, the database is unavailable: {}", ex.getClass().getSimpleName());
			return AuthErrorCode.SERVICE_UNAVAILABLE.code();
		}
		logger.error("Provider sign-in failed unexpectedly", ex);
		return AuthErrorCode.INTERNAL_ERROR.code();
	}

	/** The callback URIs configured per provider ({@code auth.<provider>.redirect-uri}). */
	@FunctionalInterface
	public interface ProviderRedirectUris {

		/**
		 * @param provider the provider's id
		 * @return its configured callback URI, or {@code null} to derive it from the request
		 */
		@Nullable URI configured(String provider);

	}

}
