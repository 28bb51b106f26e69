package dev.systemauth.core.mail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the links sent by email from the configured base URL, never from a request's {@code Host} or
 * {@code X-Forwarded-Host} header.
 *
 * @param baseUrl the absolute base URL of the front end, for example {@code https://app.example.com}
 * @param verifyEmailPath the path of the email verification page
 * @param resetPasswordPath the path of the password reset page
 * @param magicLinkPath the path of the magic-link landing page
 * @param invitationPath the path of the invitation acceptance page
 */
public record AuthLinks(String baseUrl, String verifyEmailPath, String resetPasswordPath, String magicLinkPath,
		String invitationPath) {

	/** The default invitation path, {@code /accept-invitation}. */
	public static final String DEFAULT_INVITATION_PATH = "/accept-invitation";

	/** Links with the default invitation path, as before invitations existed. */
	public AuthLinks(String baseUrl, String verifyEmailPath, String resetPasswordPath, String magicLinkPath) {
		this(baseUrl, verifyEmailPath, resetPasswordPath, magicLinkPath, DEFAULT_INVITATION_PATH);
	}

	public AuthLinks {
		Objects.requireNonNull(baseUrl, "baseUrl must not be null");
		URI uri = URI.create(baseUrl);
		if (!uri.isAbsolute() || uri.getHost() == null
				|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, got '" + baseUrl + "'");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	public String verifyEmail(String token) {
		return link(this.verifyEmailPath, token);
	}

	public String resetPassword(String token) {
		return link(this.resetPasswordPath, token);
	}

	public String magicLink(String token) {
		return link(this.magicLinkPath, token);
	}

	public String invitation(String token) {
		return link(this.invitationPath, token);
	}

	private String link(String path, String token) {
		String normalized = path.startsWith("/") ? path : "/" + path;
		String separator = normalized.contains("?") ? "&" : "?";
		return this.baseUrl + normalized + separator + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
	}

}
