package dev.systemauth.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.systemauth.core.tenant.MembershipRole;

/**
 * Fails start-up, naming the property, when an enabled identity provider lacks something it needs. A disabled
 * provider is not checked. The client secret is never echoed.
 */
final class ProviderPropertiesValidator {

	private ProviderPropertiesValidator() {
	}

	static void validate(AuthProperties properties) {
		AuthProperties.GitHub github = properties.getGithub();
		if (github.isEnabled()) {
			validateClient("auth.github", github, properties);
			requireAbsoluteUri("auth.github.authorization-uri", github.getAuthorizationUri());
			requireAbsoluteUri("auth.github.token-uri", github.getTokenUri());
			requireAbsoluteUri("auth.github.user-info-uri", github.getUserInfoUri());
			requireAbsoluteUri("auth.github.user-emails-uri", github.getUserEmailsUri());
		}
		validateOidc("auth.google", properties.getGoogle(), properties);
		validateSso("auth.sso", properties.getSso(), properties);
		validateSso("auth.okta", properties.getOkta(), properties);
	}

	private static void validateSso(String prefix, AuthProperties.Sso sso, AuthProperties properties) {
		validateOidc(prefix, sso, properties);
		if (!sso.isEnabled()) {
			return;
		}
		try {
			MembershipRole.of(sso.getRole());
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".role", sso.getRole(),
					"must be owner, admin or member");
		}
		for (int i = 0; i < sso.getAllowedEmailDomains().size(); i++) {
			String domain = sso.getAllowedEmailDomains().get(i);
			if (domain == null || !domain.strip().toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".allowed-email-domains[" + i + "]",
						domain, "must be a domain name such as example.com");
			}
		}
	}

	private static void validateOidc(String prefix, AuthProperties.Oidc oidc, AuthProperties properties) {
		if (!oidc.isEnabled()) {
			return;
		}
		validateClient(prefix, oidc, properties);
		requireAbsoluteUri(prefix + ".issuer-uri", oidc.getIssuerUri());
	}

	private static void validateClient(String prefix, AuthProperties.Provider provider, AuthProperties properties) {
		if (provider.getClientId() == null || provider.getClientId().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".client-id", provider.getClientId(),
					"is required when " + prefix + ".enabled is true");
		}
		if (provider.getClientSecret() == null || provider.getClientSecret().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".client-secret", null,
					"is required when " + prefix + ".enabled is true");
		}
		Duration timeout = provider.getTimeout();
		if (timeout == null || timeout.isZero() || timeout.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".timeout", timeout, "must be positive");
		}
		if (provider.getRedirectUri() != null) {
			requireAbsoluteUri(prefix + ".redirect-uri", provider.getRedirectUri());
		}
		String baseUrl = properties.getLinks().getBaseUrl();
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new InvalidConfigurationPropertyValueException("auth.links.base-url", baseUrl,
					"is required when " + prefix + ".enabled is true: the sign-in returns to the front end there");
		}
		String completePath = properties.getLinks().getOauthCompletePath();
		if (completePath == null || !completePath.startsWith("/") || completePath.contains("#")) {
			throw new InvalidConfigurationPropertyValueException("auth.links.oauth-complete-path", completePath,
					"must be a path starting with / and without a fragment");
		}
	}

	private static void requireAbsoluteUri(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(name, value, "is required");
		}
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				throw new InvalidConfigurationPropertyValueException(name, value, "must be an absolute http(s) URI");
			}
		}
		catch (URISyntaxException ex) {
			throw new InvalidConfigurationPropertyValueException(name, value, "must be an absolute http(s) URI");
		}
	}

}
