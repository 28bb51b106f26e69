package dev.systemauth.core.identity;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;
import org.jspecify.annotations.Nullable;

/**
 * GitHub (OAuth 2, not OpenID Connect): authorization code with PKCE S256 and {@code state}; the user's numeric
 * id from the user API is the subject, and the email is the primary one from the user-emails API, verified only
 * when GitHub says so.
 */
public final class GitHubIdentityProvider implements IdentityProvider {

	/** The provider's id. */
	public static final String ID = "github";

	private final ClientRegistration client;

	private final Endpoints endpoints;

	public GitHubIdentityProvider(ClientRegistration client, Endpoints endpoints) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.endpoints = Objects.requireNonNull(endpoints, "endpoints must not be null");
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public URI authorizationUri(AuthorizationRequest request) {
		return new com.nimbusds.oauth2.sdk.AuthorizationRequest.Builder(ResponseType.CODE,
				new ClientID(this.client.clientId()))
			.endpointURI(this.endpoints.authorizationUri())
			.redirectionURI(request.redirectUri())
			.scope(new Scope(this.client.scopes().toArray(String[]::new)))
			.state(new State(request.state()))
			.codeChallenge(new CodeVerifier(request.codeVerifier()), CodeChallengeMethod.S256)
			.build()
			.toURI();
	}

	@Override
	public VerifiedIdentity authenticate(String code, AuthorizationRequest request) {
		String accessToken = requestAccessToken(code, request);
		JSONObject user = getJson(this.endpoints.userInfoUri(), accessToken, JSONObject.class);
		Object id = user.get("id");
		if (!(id instanceof Number) && !(id instanceof String)) {
			throw ProviderFailures.error(ID, "the user has no id");
		}
		JSONArray emails = getJson(this.endpoints.userEmailsUri(), accessToken, JSONArray.class);
		for (Object entry : emails) {
			if (entry instanceof JSONObject email && Boolean.TRUE.equals(email.get("primary"))
					&& email.get("email") instanceof String address) {
				return new VerifiedIdentity(ID, id.toString(), address, Boolean.TRUE.equals(email.get("verified")));
			}
		}
		return new VerifiedIdentity(ID, id.toString(), null, false);
	}

	private String requestAccessToken(String code, AuthorizationRequest request) {
		AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), request.redirectUri(),
				new CodeVerifier(request.codeVerifier()));
		HTTPRequest http = new TokenRequest(this.endpoints.tokenUri(),
				new ClientSecretPost(new ClientID(this.client.clientId()), new Secret(this.client.clientSecret())),
				grant)
			.toHTTPRequest();
		http.setAccept("application/json");
		JSONObject body = send(http, JSONObject.class);
		// GitHub answers an error with 200 and an error member
		if (body.get("error") != null) {
			throw ProviderFailures.error(ID, String.valueOf(body.get("error")));
		}
		try {
			return JSONObjectUtils.getNonBlankString(body, "access_token");
		}
		catch (ParseException ex) {
			throw ProviderFailures.error(ID, "the token response has no access token");
		}
	}

	private <T> T getJson(URI uri, String accessToken, Class<T> type) {
		HTTPRequest http = new HTTPRequest(HTTPRequest.Method.GET, uri);
		http.setAuthorization("Bearer " + accessToken);
		http.setAccept("application/vnd.github+json");
		return send(http, type);
	}

	private <T> T send(HTTPRequest http, Class<T> type) {
		http.setConnectTimeout(this.client.timeoutMillis());
		http.setReadTimeout(this.client.timeoutMillis());
		HTTPResponse response;
		try {
			response = http.send();
		}
		catch (IOException ex) {
			throw ProviderFailures.unavailable(ID, ex);
		}
		if (response.getStatusCode() >= 500) {
			throw ProviderFailures.unavailable(ID, new IOException("GitHub answered " + response.getStatusCode()));
		}
		if (response.getStatusCode() != 200) {
			throw ProviderFailures.error(ID, "GitHub answered " + response.getStatusCode());
		}
		try {
			Object json = (type == JSONArray.class) ? response.getBodyAsJSONArray() : response.getBodyAsJSONObject();
			return type.cast(json);
		}
		catch (ParseException | ClassCastException ex) {
			throw ProviderFailures.error(ID, "unreadable answer");
		}
	}

	/**
	 * GitHub's endpoints; overridable for GitHub Enterprise and tests.
	 *
	 * @param authorizationUri where the browser authorizes
	 * @param tokenUri where the code is exchanged
	 * @param userInfoUri the user API
	 * @param userEmailsUri the user-emails API
	 */
	public record Endpoints(URI authorizationUri, URI tokenUri, URI userInfoUri, URI userEmailsUri) {

		/** github.com and api.github.com. */
		public static final Endpoints GITHUB_COM = new Endpoints(URI.create("https://github.com/login/oauth/authorize"),
				URI.create("https://github.com/login/oauth/access_token"), URI.create("https://api.github.com/user"),
				URI.create("https://api.github.com/user/emails"));

		public Endpoints {
			Objects.requireNonNull(authorizationUri, "authorizationUri must not be null");
			Objects.requireNonNull(tokenUri, "tokenUri must not be null");
			Objects.requireNonNull(userInfoUri, "userInfoUri must not be null");
			Objects.requireNonNull(userEmailsUri, "userEmailsUri must not be null");
		}

	}

}
