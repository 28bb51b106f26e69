package dev.systemauth.autoconfigure.identity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import dev.systemauth.autoconfigure.AuthCoreAutoConfiguration;
import dev.systemauth.autoconfigure.AuthProperties;
import dev.systemauth.autoconfigure.AuthWebAutoConfiguration;
import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.ProviderRedirects;
import dev.systemauth.autoconfigure.web.ProviderSignInController;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.AccountRegistration;
import dev.systemauth.core.flow.ProviderSignInFlow;
import dev.systemauth.core.flow.SignInCompletion;
import dev.systemauth.core.identity.ClientRegistration;
import dev.systemauth.core.identity.GitHubIdentityProvider;
import dev.systemauth.core.identity.IdentityProviders;
import dev.systemauth.core.identity.OidcIdentityProvider;
import dev.systemauth.core.identity.ProviderPolicy;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.MembershipRole;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;

/**
 * Sign-in with identity providers: the providers enabled by {@code auth.github|google|sso|okta.enabled} (and
 * any {@link IdentityProviders.Registration} bean of the host), {@link ProviderSignInFlow}, and its routes.
 * Nothing here exists while no provider is enabled, so the routes are the same 404 as any unknown one.
 * OpenID Connect discovery is lazy (on the first sign-in), so a provider that is down never stops start-up.
 */
@AutoConfiguration(after = { AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class })
@ConditionalOnBean(SessionService.class)
@Conditional(AuthIdentityAutoConfiguration.AnyProviderCondition.class)
public final class AuthIdentityAutoConfiguration {

	/** How long an authorization request (its state) may wait for its callback. */
	static final Duration STATE_TTL = Duration.ofMinutes(10);

	@Bean
	@ConditionalOnMissingBean
	IdentityProviders authIdentityProviders(AuthProperties properties,
			ObjectProvider<IdentityProviders.Registration> hostRegistrations) {
		List<IdentityProviders.Registration> registrations = new ArrayList<>();
		AuthProperties.GitHub github = properties.getGithub();
		if (github.isEnabled()) {
			registrations.add(new IdentityProviders.Registration(
					new GitHubIdentityProvider(client(github),
							new GitHubIdentityProvider.Endpoints(URI.create(github.getAuthorizationUri()),
									URI.create(github.getTokenUri()), URI.create(github.getUserInfoUri()),
									URI.create(github.getUserEmailsUri()))),
					new ProviderPolicy(github.isSignup(), null, MembershipRole.MEMBER, Set.of())));
		}
		AuthProperties.Oidc google = properties.getGoogle();
		if (google.isEnabled()) {
			registrations.add(new IdentityProviders.Registration(oidc("google", google),
					new ProviderPolicy(google.isSignup(), null, MembershipRole.MEMBER, Set.of())));
		}
		addSso(registrations, "sso", properties.getSso());
		addSso(registrations, "okta", properties.getOkta());
		hostRegistrations.orderedStream().forEach(registrations::add);
		return new IdentityProviders(registrations);
	}

	private static void addSso(List<IdentityProviders.Registration> registrations, String id, AuthProperties.Sso sso) {
		if (sso.isEnabled()) {
			registrations.add(new IdentityProviders.Registration(oidc(id, sso), new ProviderPolicy(sso.isSignup(),
					sso.getWorkspaceId(), MembershipRole.of(sso.getRole()), Set.copyOf(sso.getAllowedEmailDomains()))));
		}
	}

	private static OidcIdentityProvider oidc(String id, AuthProperties.Oidc oidc) {
		return new OidcIdentityProvider(id, URI.create(oidc.getIssuerUri()), client(oidc));
	}

	private static ClientRegistration client(AuthProperties.Provider provider) {
		return new ClientRegistration(provider.getClientId(), provider.getClientSecret(), provider.getScopes(),
				provider.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ProviderSignInFlow authProviderSignInFlow(AuthDatabase database, IdentityProviders providers,
			UserStore accounts, WorkspaceService workspaces, SessionService sessions, AuditLog auditLog,
			AbuseGuard abuseGuard, Clock clock, ObjectProvider<SignInCompletion> completion) {
		return new ProviderSignInFlow(database, providers, accounts, workspaces, sessions,
				new AccountRegistration(accounts, workspaces, auditLog), auditLog, abuseGuard, STATE_TTL, clock,
				completion.getIfAvailable(() -> SignInCompletion.sessionsOnly(sessions)));
	}

	/**
	 * The routes, over the one flow they call.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	@ConditionalOnBean(ClientInfoResolver.class)
	static class ProviderRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ProviderSignInController providerSignInController(ProviderSignInFlow flow, ClientInfoResolver clients,
				AuthProperties properties) {
			String basePath = properties.getWeb().getBasePath();
			ProviderRedirects redirects = new ProviderRedirects(properties.getLinks().getBaseUrl(),
					properties.getLinks().getOauthCompletePath(), basePath, STATE_TTL);
			Map<String, URI> configured = new HashMap<>();
			putRedirectUri(configured, "github", properties.getGithub());
			putRedirectUri(configured, "google", properties.getGoogle());
			putRedirectUri(configured, "sso", properties.getSso());
			putRedirectUri(configured, "okta", properties.getOkta());
			return new ProviderSignInController(flow, clients, redirects, basePath, configured::get);
		}

		private static void putRedirectUri(Map<String, URI> configured, String id, AuthProperties.Provider provider) {
			if (provider.getRedirectUri() != null) {
				configured.put(id, URI.create(provider.getRedirectUri()));
			}
		}

	}

	/** Some provider is enabled, by a property or by a host's registration bean. */
	static class AnyProviderCondition extends AnyNestedCondition {

		AnyProviderCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty("auth.github.enabled")
		static class GitHub {

		}

		@ConditionalOnBooleanProperty("auth.google.enabled")
		static class Google {

		}

		@ConditionalOnBooleanProperty("auth.sso.enabled")
		static class Sso {

		}

		@ConditionalOnBooleanProperty("auth.okta.enabled")
		static class Okta {

		}

		@ConditionalOnBean(IdentityProviders.Registration.class)
		static class HostRegistration {

		}

	}

}
