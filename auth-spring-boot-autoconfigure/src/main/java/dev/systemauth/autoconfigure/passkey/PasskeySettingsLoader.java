package dev.systemauth.autoconfigure.passkey;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.passkey.PasskeySettings;

/**
 * Maps {@code auth.passkeys.*} onto the core's {@link PasskeySettings}, failing start-up with a message that
 * names the property when the relying party id or the origins are missing or inconsistent: origins are
 * {@code https} (or {@code http://localhost}), bare ({@code scheme://host[:port]}), and each host equals the
 * relying party id or ends with {@code "." + rpId}.
 */
final class PasskeySettingsLoader {

	private static final Pattern HOST = Pattern
		.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	private PasskeySettingsLoader() {
	}

	static PasskeySettings settings(AuthPasskeyProperties properties, @Nullable String applicationName) {
		String rpId = rpId(properties.getRpId());
		if (properties.getOrigins().isEmpty()) {
			throw new IllegalStateException("auth.passkeys.origins is required when auth.passkeys.enabled=true: "
					+ "list the web origins of the front end, e.g. https://app.example.com");
		}
		List<String> origins = new ArrayList<>();
		for (int i = 0; i < properties.getOrigins().size(); i++) {
			origins.add(origin("auth.passkeys.origins[" + i + "]", properties.getOrigins().get(i), rpId));
		}
		Duration ttl = properties.getChallengeTtl();
		if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalStateException("auth.passkeys.challenge-ttl must be positive and at most 10 minutes");
		}
		String rpName = properties.getRpName();
		if (rpName == null || rpName.isBlank()) {
			rpName = (applicationName != null && !applicationName.isBlank()) ? applicationName : "system-auth";
		}
		return new PasskeySettings(rpId, rpName.strip(), origins, ttl);
	}

	private static String rpId(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("auth.passkeys.rp-id is required when auth.passkeys.enabled=true: "
					+ "set it to the domain passkeys are bound to, e.g. example.com");
		}
		String rpId = value.strip();
		if (!HOST.matcher(rpId).matches() || rpId.length() > 253) {
			throw new IllegalStateException("auth.passkeys.rp-id must be a lower-case domain name without scheme, "
					+ "port or path, e.g. example.com");
		}
		if (!rpId.contains(".") && !"localhost".equals(rpId)) {
			throw new IllegalStateException("auth.passkeys.rp-id must be a registrable domain (e.g. example.com), "
					+ "or localhost");
		}
		return rpId;
	}

	private static String origin(String property, @Nullable String value, String rpId) {
		URI uri;
		try {
			uri = new URI((value != null) ? value.strip() : "");
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(property + " is not a valid origin (scheme://host[:port])", ex);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || host == null || uri.getUserInfo() != null || uri.getQuery() != null
				|| uri.getFragment() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
						&& !"/".equals(uri.getRawPath()))) {
			throw new IllegalStateException(property + " must be a bare origin (scheme://host[:port]), e.g. "
					+ "https://app.example.com");
		}
		boolean localhost = "localhost".equals(host);
		if (!"https".equals(scheme) && !("http".equals(scheme) && localhost)) {
			throw new IllegalStateException(property + " must use https (http is allowed for localhost only)");
		}
		if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
			throw new IllegalStateException(property + " has host '" + host + "', which is not auth.passkeys.rp-id ('"
					+ rpId + "') or a subdomain of it");
		}
		return scheme + "://" + host + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

}
