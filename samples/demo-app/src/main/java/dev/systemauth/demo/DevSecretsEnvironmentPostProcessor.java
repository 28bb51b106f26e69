package dev.systemauth.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the demo app token secrets with no set-up, and none that anyone else knows: for each of
 * {@code AUTH_ACCESS_TOKEN_SECRET}, {@code AUTH_REFRESH_TOKEN_SECRET}, {@code AUTH_TOKEN_HASH_SECRET} and
 * {@code AUTH_MFA_ENCRYPTION_KEY} (32 random bytes, base64url, as {@code auth.mfa.encryption-key} accepts)
 * that is not set (and whose {@code auth.jwt.*} property is not set some other way), a fresh random value is
 * generated for this run, at the lowest precedence, and a warning names the variables (never the values).
 * Tokens from one run then do not verify in another. The library itself still refuses to start without
 * secrets: this is the sample's convenience, not the starter's.
 */
public class DevSecretsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "demoGeneratedSecrets";

	/** Environment variable (as application.yml reads it) to the property it feeds. */
	static final Map<String, String> SECRETS = Map.of("AUTH_ACCESS_TOKEN_SECRET", "auth.jwt.access-token-secret",
			"AUTH_REFRESH_TOKEN_SECRET", "auth.jwt.refresh-token-secret", "AUTH_TOKEN_HASH_SECRET",
			"auth.jwt.token-hash-secret", "AUTH_MFA_ENCRYPTION_KEY", "auth.mfa.encryption-key");

	private static final SecureRandom random = new SecureRandom();

	private final Log logger;

	public DevSecretsEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DevSecretsEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		// after application.yml is loaded, so that its placeholders and every other source are seen
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> generated = new LinkedHashMap<>();
		for (String variable : SECRETS.keySet().stream().sorted().toList()) {
			if (!environment.containsProperty(variable)) {
				generated.put(variable, newSecret());
			}
		}
		if (generated.isEmpty()) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, generated));
		List<String> used = new ArrayList<>();
		for (String variable : List.copyOf(generated.keySet())) {
			if (generated.get(variable).equals(resolve(environment, SECRETS.get(variable)))) {
				used.add(variable);
			}
			else {
				generated.remove(variable);
			}
		}
		if (!used.isEmpty()) {
			this.logger.warn("No " + String.join(", ", used) + " given: generated random secret(s) for this run "
					+ "only; tokens issued now will not verify after a restart or on another instance. Set them "
					+ "(32+ random bytes each, all different) to keep sessions across restarts.");
		}
	}

	private static @Nullable String resolve(ConfigurableEnvironment environment, String property) {
		try {
			return environment.getProperty(property);
		}
		catch (IllegalArgumentException ex) {
			// an unresolvable placeholder of the host's own: not ours to report, binding will
			return null;
		}
	}

	private static String newSecret() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
