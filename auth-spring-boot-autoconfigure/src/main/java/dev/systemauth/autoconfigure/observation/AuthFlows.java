package dev.systemauth.autoconfigure.observation;

import java.util.Map;

/**
 * The observation name of each flow route, relative to the base path. The names are part of the starter's
 * contract (the README's metrics table): hosts build dashboards and alerts on them.
 */
final class AuthFlows {

	private static final Map<String, String> NAMES = Map.of("/login", "auth.login", "/signup", "auth.signup",
			"/refresh", "auth.refresh", "/verify-email", "auth.verification", "/verify-email/resend",
			"auth.verification.resend", "/forgot-password", "auth.reset.request", "/reset-password", "auth.reset",
			"/magic-link/request", "auth.magic.link.request", "/magic-link/consume", "auth.magic.link");

	private AuthFlows() {
	}

	/** Observation names by route pattern under the given base path. */
	static Map<String, String> byRoute(String basePath) {
		String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
		Map<String, String> names = new java.util.HashMap<>();
		NAMES.forEach((route, name) -> names.put(base + route, name));
		return Map.copyOf(names);
	}

}
