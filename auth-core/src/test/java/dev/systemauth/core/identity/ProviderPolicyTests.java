package dev.systemauth.core.identity;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.systemauth.core.tenant.MembershipRole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The value types of the identity SPI: domain restriction, the registry of providers, verified emails.
 */
class ProviderPolicyTests {

	@Test
	void allowsEmailWhenNoDomainsThenAny() {
		assertThat(ProviderPolicy.DEFAULT.allowsEmail("anyone@anywhere.test")).isTrue();
	}

	@Test
	void allowsEmailWhenDomainsThenExactDomainOnlyCaseInsensitive() {
		ProviderPolicy policy = new ProviderPolicy(true, null, MembershipRole.MEMBER, Set.of(" Acme.TEST "));

		assertThat(policy.allowsEmail("alice@acme.test")).isTrue();
		assertThat(policy.allowsEmail("alice@ACME.test")).isTrue();
		assertThat(policy.allowsEmail("alice@eu.acme.test")).isFalse();
		assertThat(policy.allowsEmail("alice@acme.test.evil.test")).isFalse();
		assertThat(policy.allowsEmail("acme.test@evil.test")).isFalse();
		assertThat(policy.allowsEmail("no-at-sign")).isFalse();
	}

	@Test
	void verifiedEmailWhenNotVerifiedOrBlankThenNull() {
		assertThat(new VerifiedIdentity("sso", "s", "a@b.test", true).verifiedEmail()).isEqualTo("a@b.test");
		assertThat(new VerifiedIdentity("sso", "s", "a@b.test", false).verifiedEmail()).isNull();
		assertThat(new VerifiedIdentity("sso", "s", " ", true).verifiedEmail()).isNull();
		assertThat(new VerifiedIdentity("sso", "s", null, true).verifiedEmail()).isNull();
	}

	@Test
	void verifiedIdentityWhenSubjectBlankThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifiedIdentity("sso", " ", null, false));
	}

	@Test
	void providersWhenTwoWithOneIdThenRefused() {
		IdentityProviders.Registration one = registration("sso");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IdentityProviders(List.of(one, registration("sso"))))
			.withMessageContaining("sso");
	}

	@Test
	void providersFindByIdOnly() {
		IdentityProviders providers = new IdentityProviders(List.of(registration("sso"), registration("github")));

		assertThat(providers.ids()).containsExactlyInAnyOrder("sso", "github");
		assertThat(providers.find("sso")).isPresent();
		assertThat(providers.find("okta")).isEmpty();
		assertThat(providers.find("SSO")).isEmpty();
	}

	private static IdentityProviders.Registration registration(String id) {
		return new IdentityProviders.Registration(new OidcIdentityProvider(id, URI.create("https://idp.example.test"),
				new ClientRegistration("client", "secret", List.of(), java.time.Duration.ofSeconds(1))),
				ProviderPolicy.DEFAULT);
	}

}
