package dev.systemauth.core.mail;

import java.time.Duration;

/**
 * Plain-text messages in English, named after the application.
 */
public class DefaultAuthMailTemplates implements AuthMailTemplates {

	private final String applicationName;

	public DefaultAuthMailTemplates(String applicationName) {
		this.applicationName = applicationName;
	}

	@Override
	public AuthMail verificationCode(String to, String code, Duration ttl) {
		return new AuthMail(AuthMail.Type.EMAIL_VERIFICATION, to, "Your " + this.applicationName + " verification code",
				"Your verification code is: " + code + "\n\nIt expires in " + minutes(ttl)
						+ ". If you did not sign up, ignore this message.\n");
	}

	@Override
	public AuthMail verificationLink(String to, String link, Duration ttl) {
		return new AuthMail(AuthMail.Type.EMAIL_VERIFICATION, to, "Verify your " + this.applicationName + " email",
				"Open this link to verify your email address:\n\n" + link + "\n\nIt expires in " + minutes(ttl)
						+ ". If you did not sign up, ignore this message.\n");
	}

	@Override
	public AuthMail passwordReset(String to, String link, Duration ttl) {
		return new AuthMail(AuthMail.Type.PASSWORD_RESET, to, "Reset your " + this.applicationName + " password",
				"Open this link to choose a new password:\n\n" + link + "\n\nIt expires in " + minutes(ttl)
						+ " and works once. If you did not ask for it, ignore this message; your password is unchanged.\n");
	}

	@Override
	public AuthMail magicLink(String to, String link, Duration ttl) {
		return new AuthMail(AuthMail.Type.MAGIC_LINK, to, "Sign in to " + this.applicationName,
				"Open this link to sign in:\n\n" + link + "\n\nIt expires in " + minutes(ttl)
						+ " and works once. If you did not ask for it, ignore this message.\n");
	}

	private static String minutes(Duration ttl) {
		long minutes = Math.max(1, ttl.toMinutes());
		return minutes + (minutes == 1 ? " minute" : " minutes");
	}

}
