package dev.systemauth.core.mail;

/**
 * Delivers the library's messages. A host replaces it to send through its own provider; the default
 * sends through Spring's {@code JavaMailSender} when mail is configured.
 */
@FunctionalInterface
public interface AuthMailer {

	/**
	 * Sends a message. Called off the request thread; an exception is logged and does not change the
	 * client's answer.
	 * @param mail the message
	 */
	void send(AuthMail mail);

}
