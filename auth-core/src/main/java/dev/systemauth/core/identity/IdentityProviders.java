package dev.systemauth.core.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The enabled identity providers by id, each with its policy. A provider that is not here has no routes.
 */
public final class IdentityProviders {

	private final Map<String, Registration> registrations;

	public IdentityProviders(List<Registration> registrations) {
		Map<String, Registration> byId = new LinkedHashMap<>();
		for (Registration registration : registrations) {
			if (byId.putIfAbsent(registration.provider().id(), registration) != null) {
				throw new IllegalArgumentException("Two identity providers have the id " + registration.provider().id());
			}
		}
		this.registrations = Map.copyOf(byId);
	}

	/**
	 * The provider with this id.
	 * @param id the id from the route
	 * @return the registration, or empty when no such provider is enabled
	 */
	public Optional<Registration> find(String id) {
		return Optional.ofNullable(this.registrations.get(id));
	}

	/** The ids of the enabled providers. */
	public Set<String> ids() {
		return this.registrations.keySet();
	}

	/**
	 * A provider with its policy.
	 *
	 * @param provider the provider
	 * @param policy what a sign-in through it may do
	 */
	public record Registration(IdentityProvider provider, ProviderPolicy policy) {

		public Registration {
			Objects.requireNonNull(provider, "provider must not be null");
			Objects.requireNonNull(policy, "policy must not be null");
		}

	}

}
