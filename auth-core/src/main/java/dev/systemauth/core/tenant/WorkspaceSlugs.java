package dev.systemauth.core.tenant;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.SecureTokens;

/**
 * Workspace names and slugs: validation, and a slug derived from a name when none is given.
 */
public final class WorkspaceSlugs {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private WorkspaceSlugs() {
	}

	/** Validates a requested slug. */
	public static String requireValid(String slug) {
		if (slug == null || !SLUG.matcher(slug).matches()) {
			throw new AuthException(AuthErrorCode.VALIDATION_FAILED,
					"workspaceSlug must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen.",
					java.util.Map.of("field", "workspaceSlug"));
		}
		return slug;
	}

	/** Validates a workspace name: 1 to 200 characters, no control characters. */
	public static String requireValidName(String name) {
		if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
			throw new AuthException(AuthErrorCode.VALIDATION_FAILED,
					"workspaceName must be 1-200 characters without control characters.",
					java.util.Map.of("field", "workspaceName"));
		}
		return name.strip();
	}

	/** A slug derived from a name, with a random suffix so that it is almost surely free. */
	public static String derive(String name) {
		String base = Normalizer.normalize(name, Normalizer.Form.NFKD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (base.length() > 40) {
			base = base.substring(0, 40).replaceAll("-+$", "");
		}
		String suffix = SecureTokens.newCode(6);
		return base.isEmpty() ? "ws-" + suffix : base + "-" + suffix;
	}

}
