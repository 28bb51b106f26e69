package dev.systemauth.autoconfigure.passkey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code auth.passkeys.*} keys: passkeys (WebAuthn) as a first factor and as a second factor. A group of
 * its own rather than a nested class of {@code AuthProperties}, so the feature's wiring stays in one package.
 */
@ConfigurationProperties("auth.passkeys")
public class AuthPasskeyProperties {

	/** Whether users can register passkeys and sign in with them. */
	private boolean enabled;

	/**
	 * Relying party id: the domain passkeys are bound to, equal to or a registrable suffix of every origin's
	 * host (e.g. example.com). Required when passkeys are enabled.
	 */
	private @Nullable String rpId;

	/** Relying party name shown by authenticators; defaults to spring.application.name. */
	private @Nullable String rpName;

	/**
	 * Web origins the ceremonies may come from (e.g. https://app.example.com); https only, except
	 * http://localhost. Required when passkeys are enabled.
	 */
	private List<String> origins = new ArrayList<>();

	/** How long the challenge of a registration or sign-in ceremony stays usable. */
	private Duration challengeTtl = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getRpId() {
		return this.rpId;
	}

	public void setRpId(@Nullable String rpId) {
		this.rpId = rpId;
	}

	public @Nullable String getRpName() {
		return this.rpName;
	}

	public void setRpName(@Nullable String rpName) {
		this.rpName = rpName;
	}

	public List<String> getOrigins() {
		return this.origins;
	}

	public void setOrigins(List<String> origins) {
		this.origins = origins;
	}

	public Duration getChallengeTtl() {
		return this.challengeTtl;
	}

	public void setChallengeTtl(Duration challengeTtl) {
		this.challengeTtl = challengeTtl;
	}

}
