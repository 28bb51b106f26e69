package dev.systemauth.core.identity;

import java.net.URI;

/**
 * An identity provider the user can sign in with (GitHub, Google, an OpenID Connect single sign-on). It speaks
 * the provider's protocol and nothing else: which account the identity belongs to, and what the sign-in may
 * create, is decided by {@code ProviderSignInFlow} under the provider's {@link ProviderPolicy}.
 * <p>
 * Implementations throw {@link dev.systemauth.core.error.AuthException} with
 * {@link dev.systemauth.core.error.AuthErrorCode#PROVIDER_UNAVAILABLE} when the provider cannot be reached,
 * {@link dev.systemauth.core.error.AuthErrorCode#PROVIDER_ERROR} when it refuses or answers something unusable,
 * and {@link dev.systemauth.core.error.AuthErrorCode#INVALID_ID_TOKEN} when its ID token does not validate.
 */
public interface IdentityProvider {

	/**
	 * The provider's id, the {@code {provider}} of the routes ({@code github}, {@code google}, {@code sso},
	 * {@code okta}).
	 * @return the id
	 */
	String id();

	/**
	 * The URI of the provider's authorization endpoint the browser is sent to: authorization code flow with
	 * the request's {@code state}, its PKCE S256 challenge and, for OpenID Connect, its {@code nonce}.
	 * @param request the secrets of this authorization request
	 * @return where to redirect the browser
	 */
	URI authorizationUri(AuthorizationRequest request);

	/**
	 * Exchanges the authorization code the provider gave the browser for the user's verified identity.
	 * @param code the authorization code
	 * @param request the same request the browser was sent with
	 * @return who signed in, as the provider asserts it
	 */
	VerifiedIdentity authenticate(String code, AuthorizationRequest request);

}
