package dev.systemauth.core.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.jspecify.annotations.Nullable;

/**
 * An OpenID Connect provider (Google, Okta, any single sign-on with discovery), on Nimbus
 * {@code oauth2-oidc-sdk}: authorization code with PKCE S256, {@code state} and {@code nonce}; the ID token
 * validated by {@link IDTokenValidator} and {@code azp} here (signature against the provider's JWKS, cached and fetched again when
 * a new {@code kid} appears; {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code iat}, {@code nonce}).
 * <p>
 * Discovery is lazy: the provider's metadata is fetched on the first sign-in and kept; a provider that is down
 * then fails that sign-in with {@code provider_unavailable} and is asked again on the next, so it never stops
 * the application from starting.
 */
public final class OidcIdentityProvider implements IdentityProvider {

	/** Leeway for {@code exp} and {@code iat}, in seconds. */
	private static final int MAX_CLOCK_SKEW_SECONDS = 60;

	private final String id;

	private final Issuer issuer;

	private final ClientRegistration client;

	private volatile @Nullable Discovered discovered;

	/**
	 * A provider found by discovery.
	 * @param id the provider's id ({@code google}, {@code sso}, {@code okta})
	 * @param issuerUri the issuer; its {@code /.well-known/openid-configuration} is read on first use
	 * @param client this application as the provider's client
	 */
	public OidcIdentityProvider(String id, URI issuerUri, ClientRegistration client) {
		this.id = Objects.requireNonNull(id, "id must not be null");
		this.issuer = new Issuer(Objects.requireNonNull(issuerUri, "issuerUri must not be null"));
		this.client = Objects.requireNonNull(client, "client must not be null");
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public URI authorizationUri(AuthorizationRequest request) {
		OIDCProviderMetadata metadata = discovered().metadata();
		Scope scope = new Scope("openid");
		this.client.scopes().forEach(scope::add);
		return new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(this.client.clientId()),
				request.redirectUri())
			.endpointURI(metadata.getAuthorizationEndpointURI())
			.state(new State(request.state()))
			.nonce(new Nonce(request.nonce()))
			.codeChallenge(new CodeVerifier(request.codeVerifier()), CodeChallengeMethod.S256)
			.build()
			.toURI();
	}

	@Override
	public VerifiedIdentity authenticate(String code, AuthorizationRequest request) {
		Discovered discovered = discovered();
		JWT idToken = requestIdToken(discovered.metadata(), code, request);
		try {
			IDTokenClaimsSet claims = discovered.validator().validate(idToken, new Nonce(request.nonce()));
			checkAuthorizedParty(claims);
			Object verified = claims.getClaim("email_verified");
			boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
			return new VerifiedIdentity(this.id, claims.getSubject().getValue(), claims.getStringClaim("email"),
					emailVerified);
		}
		catch (BadJOSEException ex) {
			throw ProviderFailures.invalidIdToken(this.id, ex.getMessage());
		}
		catch (JOSEException ex) {
			// the JWKS could not be fetched
			throw ProviderFailures.unavailable(this.id, ex);
		}
	}

	/**
	 * OpenID Connect Core 3.1.3.7, items 4 and 5, which the library leaves to the client: with several
	 * audiences an {@code azp} must be present, and when present it must be this client.
	 */
	private void checkAuthorizedParty(IDTokenClaimsSet claims) {
		String azp = claims.getStringClaim("azp");
		if (azp == null && claims.getAudience().size() > 1) {
			throw ProviderFailures.invalidIdToken(this.id, "several audiences and no azp");
		}
		if (azp != null && !azp.equals(this.client.clientId())) {
			throw ProviderFailures.invalidIdToken(this.id, "azp is another client");
		}
	}

	private JWT requestIdToken(OIDCProviderMetadata metadata, String code, AuthorizationRequest request) {
		AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), request.redirectUri(),
				new CodeVerifier(request.codeVerifier()));
		HTTPRequest http = new TokenRequest(metadata.getTokenEndpointURI(), clientAuthentication(metadata), grant)
			.toHTTPRequest();
		http.setConnectTimeout(this.client.timeoutMillis());
		http.setReadTimeout(this.client.timeoutMillis());
		HTTPResponse response;
		try {
			response = http.send();
		}
		catch (IOException ex) {
			throw ProviderFailures.unavailable(this.id, ex);
		}
		if (response.getStatusCode() >= 500) {
			throw ProviderFailures.unavailable(this.id,
					new IOException("token endpoint answered " + response.getStatusCode()));
		}
		try {
			TokenResponse parsed = OIDCTokenResponseParser.parse(response);
			if (!parsed.indicatesSuccess()) {
				TokenErrorResponse error = parsed.toErrorResponse();
				throw ProviderFailures.error(this.id, String.valueOf(error.getErrorObject().getCode()));
			}
			JWT idToken = ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens().getIDToken();
			if (idToken == null) {
				throw ProviderFailures.invalidIdToken(this.id, "the token response has no ID token");
			}
			return idToken;
		}
		catch (ParseException | ClassCastException ex) {
			throw ProviderFailures.error(this.id, "unreadable token response");
		}
	}

	private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
		ClientID clientId = new ClientID(this.client.clientId());
		Secret secret = new Secret(this.client.clientSecret());
		List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
		if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				&& methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
			return new ClientSecretPost(clientId, secret);
		}
		return new ClientSecretBasic(clientId, secret);
	}

	/** The provider's metadata and a validator over its JWKS, fetched once (again after a failure). */
	private Discovered discovered() {
		Discovered current = this.discovered;
		if (current != null) {
			return current;
		}
		synchronized (this) {
			if (this.discovered == null) {
				this.discovered = discover();
			}
			return this.discovered;
		}
	}

	private Discovered discover() {
		int timeout = this.client.timeoutMillis();
		OIDCProviderMetadata metadata;
		try {
			metadata = OIDCProviderMetadata.resolve(this.issuer, timeout, timeout);
		}
		catch (IOException ex) {
			throw ProviderFailures.unavailable(this.id, ex);
		}
		catch (GeneralException ex) {
			// an unreadable document, or one naming another issuer
			throw ProviderFailures.unavailable(this.id, ex);
		}
		try {
			URL jwkSetUrl = metadata.getJWKSetURI().toURL();
			// cached (5 minutes), and fetched again at once when a kid it does not hold appears: a provider that
			// rotates its keys is followed without delay. Not rate-limited: an ID token, and so its kid, only
			// ever comes from the provider's own token endpoint, never from the browser.
			JWKSource<SecurityContext> keys = JWKSourceBuilder
				.create(jwkSetUrl, new DefaultResourceRetriever(timeout, timeout))
				.rateLimited(false)
				.build();
			IDTokenValidator validator = new IDTokenValidator(this.issuer, new ClientID(this.client.clientId()),
					new JWSVerificationKeySelector<>(signingAlgorithms(metadata), keys), null);
			validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
			return new Discovered(metadata, validator);
		}
		catch (IOException | RuntimeException ex) {
			throw ProviderFailures.unavailable(this.id, ex);
		}
	}

	/** The asymmetric algorithms the provider signs ID tokens with; never {@code none} nor an HMAC. */
	private static Set<JWSAlgorithm> signingAlgorithms(OIDCProviderMetadata metadata) {
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		if (metadata.getIDTokenJWSAlgs() != null) {
			for (JWSAlgorithm algorithm : metadata.getIDTokenJWSAlgs()) {
				if (JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
					algorithms.add(algorithm);
				}
			}
		}
		if (algorithms.isEmpty()) {
			algorithms.add(JWSAlgorithm.RS256);
		}
		return algorithms;
	}

	private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
	}

}
