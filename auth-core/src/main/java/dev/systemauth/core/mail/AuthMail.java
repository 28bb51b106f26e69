package dev.systemauth.core.mail;

import java.util.Objects;

/**
 * One plain-text message to one recipient.
 *
 * @param type what the message is for
 * @param to the recipient (a normalised address)
 * @param subject the subject line
 * @param text the plain-text body (it carries the secret link or code: never log it in production)
 */
public record AuthMail(Type type, String to, String subject, String text) {

	public AuthMail {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(to, "to must not be null");
		Objects.requireNonNull(subject, "subject must not be null");
		Objects.requireNonNull(text, "text must not be null");
	}

	@Override
	public String toString() {
		return "AuthMail[type=" + this.type + ", subject=" + this.subject + "]";
	}

	/** What a message is for. */
	public enum Type {

		EMAIL_VERIFICATION, PASSWORD_RESET, MAGIC_LINK,
		/** An invitation into a workspace. */
		INVITATION

	}

}
