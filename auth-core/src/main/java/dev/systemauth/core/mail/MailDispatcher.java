package dev.systemauth.core.mail;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to the {@link AuthMailer} off the request thread, so that the time and the outcome of
 * delivery never show in the answer of forgot-password, resend or magic-link requests. Failures are
 * logged with the message type only (never the recipient's secret).
 */
public final class MailDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(MailDispatcher.class);

	private final AuthMailer mailer;

	private final Executor executor;

	public MailDispatcher(AuthMailer mailer, Executor executor) {
		this.mailer = Objects.requireNonNull(mailer, "mailer must not be null");
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
	}

	public void dispatch(AuthMail mail) {
		try {
			this.executor.execute(() -> deliver(mail));
		}
		catch (RejectedExecutionException ex) {
			logger.error("Could not queue {} message: the mail queue is full", mail.type());
		}
	}

	private void deliver(AuthMail mail) {
		try {
			this.mailer.send(mail);
		}
		catch (RuntimeException ex) {
			logger.error("Could not send {} message: {}", mail.type(), ex.getClass().getSimpleName(), ex);
		}
	}

}
