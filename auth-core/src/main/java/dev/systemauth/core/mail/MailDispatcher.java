package dev.systemauth.core.mail;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to the {@link AuthMailer} off the request thread, so that the time and the outcome of
 * delivery never show in the answer of forgot-password, resend or magic-link requests. Failures are
 * logged with the message type only (never the recipient's secret).
 */
public final class MailDispatcher implements AutoCloseable {

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

	/**
	 * Runs account-dependent follow-up work off the request thread (looking the account up, storing a token,
	 * sending its message), so that the answer's timing cannot tell whether an account exists.
	 * @param task the work; failures are logged
	 */
	public void submit(Runnable task) {
		try {
			this.executor.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Background auth task failed: {}", ex.getClass().getSimpleName(), ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.error("Could not queue a background auth task: the queue is full");
		}
	}

	/** Stops taking work and waits briefly for queued messages to go out. */
	@Override
	public void close() {
		if (this.executor instanceof ExecutorService service) {
			service.shutdown();
			try {
				if (!service.awaitTermination(5, TimeUnit.SECONDS)) {
					logger.warn("Mail queue not drained at shutdown; {} task(s) dropped", service.shutdownNow().size());
				}
			}
			catch (InterruptedException ex) {
				service.shutdownNow();
				Thread.currentThread().interrupt();
			}
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
