package dev.systemauth.core.mail;

import java.time.Duration;

/**
 * Builds the library's messages. Override one or all to change their wording; every method gets the
 * recipient, the secret (a code, or a link built from the configured base URL) and its lifetime.
 */
public interface AuthMailTemplates {

	AuthMail verificationCode(String to, String code, Duration ttl);

	AuthMail verificationLink(String to, String link, Duration ttl);

	AuthMail passwordReset(String to, String link, Duration ttl);

	AuthMail magicLink(String to, String link, Duration ttl);

	/**
	 * An invitation into a workspace. A default, so templates written before invitations keep compiling.
	 * @param to the invited address
	 * @param link the single-use acceptance link
	 * @param workspaceName the workspace's display name, as its members chose it (plain text)
	 * @param ttl how long the link works
	 * @return the message
	 */
	default AuthMail invitation(String to, String link, String workspaceName, Duration ttl) {
		long days = Math.max(1, ttl.toDays());
		return new AuthMail(AuthMail.Type.INVITATION, to, "You are invited to " + workspaceName,
				"You have been invited to join the workspace \"" + workspaceName + "\".\n\nOpen this link to accept:\n\n"
						+ link + "\n\nIt expires in " + days + (days == 1 ? " day" : " days")
						+ " and works once. If you did not expect it, ignore this message.\n");
	}

}
