package dev.systemauth.autoconfigure.identity;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.systemauth.autoconfigure.PerClassDatabase;
import dev.systemauth.autoconfigure.AuthCoreAutoConfiguration;
import dev.systemauth.autoconfigure.AuthWebAutoConfiguration;
import dev.systemauth.autoconfigure.web.ProviderSignInController;
import dev.systemauth.core.flow.ProviderSignInFlow;
import dev.systemauth.core.identity.AuthorizationRequest;
import dev.systemauth.core.identity.IdentityProvider;
import dev.systemauth.core.identity.IdentityProviders;
import dev.systemauth.core.identity.ProviderPolicy;
import dev.systemauth.core.identity.VerifiedIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity-provider wiring: present only when a provider is enabled, start-up failing on what an enabled
 * provider lacks (naming the property, never echoing the secret), and discovery left for the first sign-in.
 */
class AuthIdentityAutoConfigurationTests {

	private static final String SECRET = "provider-client-secret-value";

	private static final String[] VALID = { "auth.jwt.access-token-secret=test-access-token-secret-0123456789-abcdefgh",
			"auth.jwt.refresh-token-secret=test-refresh-token-secret-0123456789-abcdefgh",
			"auth.jwt.token-hash-secret=test-token-hash-secret-0123456789-abcdefgh",
			"auth.links.base-url=https://app.example.test", "auth.password.bcrypt-cost=10" };

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				AuthIdentityAutoConfiguration.class))
		.withBean(DataSource.class, () -> new DelegatingDataSource(database.get().dataSource()))
		.withPropertyValues(VALID);


	@Test
	void contextWhenNoProviderEnabledThenNoFlowNorRoutes() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ProviderSignInFlow.class)
				.doesNotHaveBean(ProviderSignInController.class)
				.doesNotHaveBean(IdentityProviders.class);
		});
	}

	@Test
	void contextWhenSsoEnabledWithUnreachableIssuerThenStartsAndDiscoveryWaits() {
		this.contextRunner.withPropertyValues(sso("sso", "http://127.0.0.1:9/unreachable")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(ProviderSignInFlow.class).hasSingleBean(ProviderSignInController.class);
			assertThat(context.getBean(IdentityProviders.class).ids()).containsExactly("sso");
		});
	}

	@Test
	void contextWhenGoogleEnabledThenIssuerDefaultsToGoogle() {
		this.contextRunner
			.withPropertyValues("auth.google.enabled=true", "auth.google.client-id=id", "auth.google.client-secret=" + SECRET)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IdentityProviders.class).ids()).containsExactly("google");
			});
	}

	@Test
	void contextWhenClientSecretMissingThenFailsNamingPropertyWithoutEchoingAnything() {
		this.contextRunner.withPropertyValues("auth.sso.enabled=true", "auth.sso.client-id=id",
				"auth.sso.issuer-uri=https://idp.example.test")
			.run((context) -> assertFailure(context, "auth.sso.client-secret", "is required"));
	}

	@Test
	void contextWhenIssuerNotAbsoluteThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues(sso("okta", "idp.example.test"))
			.run((context) -> assertFailure(context, "auth.okta.issuer-uri", "absolute"));
	}

	@Test
	void contextWhenRoleUnknownThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues(sso("sso", "https://idp.example.test"))
			.withPropertyValues("auth.sso.role=superuser")
			.run((context) -> assertFailure(context, "auth.sso.role", "owner, admin or member"));
	}

	@Test
	void contextWhenAllowedDomainMalformedThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues(sso("sso", "https://idp.example.test"))
			.withPropertyValues("auth.sso.allowed-email-domains=example.com,@bad")
			.run((context) -> assertFailure(context, "auth.sso.allowed-email-domains[1]", "domain name"));
	}

	@Test
	void contextWhenProviderEnabledWithoutBaseUrlThenFailsNamingProperty() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					AuthIdentityAutoConfiguration.class))
			.withBean(DataSource.class, () -> new DelegatingDataSource(database.get().dataSource()))
			.withPropertyValues(VALID[0], VALID[1], VALID[2], VALID[4])
			.withPropertyValues(sso("sso", "https://idp.example.test"))
			.run((context) -> assertFailure(context, "auth.links.base-url", "is required"));
	}

	@Test
	void contextWhenGithubUriOverriddenWithGarbageThenFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues("auth.github.enabled=true", "auth.github.client-id=id",
					"auth.github.client-secret=" + SECRET, "auth.github.user-emails-uri=not a uri")
			.run((context) -> assertFailure(context, "auth.github.user-emails-uri", "absolute"));
	}

	@Test
	void contextWhenHostRegistersProviderThenItIsRoutedWithoutProperties() {
		this.contextRunner
			.withBean("hostProvider", IdentityProviders.Registration.class,
					() -> new IdentityProviders.Registration(new HostProvider(), ProviderPolicy.DEFAULT))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ProviderSignInFlow.class).hasProvider("acme")).isTrue();
				assertThat(context.getBean(ProviderSignInFlow.class).hasProvider("github")).isFalse();
			});
	}

	@Test
	void contextWhenNotWebApplicationThenFlowWithoutRoutes() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					AuthIdentityAutoConfiguration.class))
			.withBean(DataSource.class, () -> new DelegatingDataSource(database.get().dataSource()))
			.withPropertyValues(VALID)
			.withPropertyValues(sso("sso", "https://idp.example.test"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ProviderSignInFlow.class)
					.doesNotHaveBean(ProviderSignInController.class);
			});
	}

	private static String[] sso(String id, String issuer) {
		return new String[] { "auth." + id + ".enabled=true", "auth." + id + ".client-id=client",
				"auth." + id + ".client-secret=" + SECRET, "auth." + id + ".issuer-uri=" + issuer };
	}

	private static void assertFailure(ApplicationContextAssertProvider<?> context, String property, String reason) {
		assertThat(context).hasFailed();
		List<String> messages = new ArrayList<>();
		for (Throwable t = context.getStartupFailure(); t != null && t.getCause() != t; t = t.getCause()) {
			if (t.getMessage() != null) {
				messages.add(t.getMessage());
			}
		}
		assertThat(messages).anySatisfy((message) -> assertThat(message).contains(property).contains(reason));
		assertThat(String.join("\n", messages)).doesNotContain(SECRET);
	}

	private static final class HostProvider implements IdentityProvider {

		@Override
		public String id() {
			return "acme";
		}

		@Override
		public URI authorizationUri(AuthorizationRequest request) {
			return URI.create("https://acme.example.test/authorize");
		}

		@Override
		public VerifiedIdentity authenticate(String code, AuthorizationRequest request) {
			return new VerifiedIdentity("acme", "subject", null, false);
		}

	}

}
