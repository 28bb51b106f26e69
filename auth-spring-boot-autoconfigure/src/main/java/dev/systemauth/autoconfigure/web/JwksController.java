package dev.systemauth.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.systemauth.core.token.jwk.SigningKeys;

/**
 * Publishes what other services need to verify access tokens signed with an asymmetric algorithm: the JWK Set
 * (the current public key and the configured previous ones, by {@code kid}) and a discovery document naming
 * the issuer, the JWK Set's URL and the one signing algorithm. Present only with EdDSA, ES256 or RS256; with
 * HS256 both routes are the 404 of a route that does not exist.
 */
@RestController
@AuthEndpoint
public class JwksController {

	static final String JWKS_PATH = "/.well-known/jwks.json";

	private final byte[] jwkSet;

	private final String algorithm;

	private final String issuer;

	private final String basePath;

	private final CacheControl cacheControl;

	/**
	 * Creates the controller.
	 * @param keys the keys whose public part is published
	 * @param issuer the {@code iss} of issued tokens
	 * @param basePath the base path of the starter's routes
	 * @param maxAge how long a verifier may cache either document
	 */
	public JwksController(SigningKeys keys, String issuer, String basePath, Duration maxAge) {
		if (!keys.algorithm().isAsymmetric()) {
			throw new IllegalArgumentException("keys must be asymmetric: HS256 secrets are never published");
		}
		this.jwkSet = keys.jwkSetJson().getBytes(StandardCharsets.UTF_8);
		this.algorithm = keys.algorithm().jwsName();
		this.issuer = issuer;
		this.basePath = basePath;
		this.cacheControl = CacheControl.maxAge(maxAge).cachePublic();
	}

	@GetMapping(path = "${auth.web.base-path:/auth}" + JWKS_PATH)
	ResponseEntity<byte[]> jwkSet() {
		return ResponseEntity.ok()
			.cacheControl(this.cacheControl)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.jwkSet.clone());
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/.well-known/openid-configuration",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> openidConfiguration() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", this.issuer);
		document.put("jwks_uri", jwksUri());
		document.put("id_token_signing_alg_values_supported", List.of(this.algorithm));
		return ResponseEntity.ok().cacheControl(this.cacheControl).body(document);
	}

	/**
	 * Beside the issuer when it is a URL (then, as OpenID discovery expects, the issuer is where these documents
	 * are served); otherwise built from the request, so behind a proxy it is right once the host applies
	 * forwarded headers ({@code server.forward-headers-strategy}).
	 */
	private String jwksUri() {
		if (this.issuer.startsWith("https://") || this.issuer.startsWith("http://")) {
			String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
			return base + JWKS_PATH;
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path(this.basePath + JWKS_PATH)
			.build()
			.toUriString();
	}

}
