package dev.systemauth.core.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development mailer that sends nothing. It logs that a message would have been sent; it logs the body
 * (which holds the code or link) only when explicitly told to, for local development.
 */
public final class LoggingAuthMailer implements AuthMailer {

	private static final Logger logger = LoggerFactory.getLogger(LoggingAuthMailer.class);

	private final boolean logContents;

	public LoggingAuthMailer(boolean logContents) {
		this.logContents = logContents;
	}

	@Override
	public void send(AuthMail mail) {
		if (this.logContents) {
			logger.warn("DEVELOPMENT MAILER (nothing sent) {} to {}:\n{}", mail.type(), mail.to(), mail.text());
		}
		else {
			logger.warn("No mail server configured: {} message was not sent", mail.type());
		}
	}

}
