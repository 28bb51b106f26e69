package dev.systemauth.core.passkey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The relying party of the passkey ceremonies.
 *
 * @param rpId the relying party id (a registrable domain suffix of every origin's host, e.g.
 * {@code example.com})
 * @param rpName the name authenticators show
 * @param origins the web origins ceremonies may come from (e.g. {@code https://app.example.com})
 * @param challengeTtl how long a ceremony's challenge stays usable
 */
public record PasskeySettings(String rpId, String rpName, List<String> origins, Duration challengeTtl) {

	public PasskeySettings {
		Objects.requireNonNull(rpId, "rpId must not be null");
		Objects.requireNonNull(rpName, "rpName must not be null");
		origins = List.copyOf(origins);
		if (origins.isEmpty()) {
			throw new IllegalArgumentException("origins must not be empty");
		}
		if (challengeTtl.isNegative() || challengeTtl.isZero()) {
			throw new IllegalArgumentException("challengeTtl must be positive");
		}
	}

}
