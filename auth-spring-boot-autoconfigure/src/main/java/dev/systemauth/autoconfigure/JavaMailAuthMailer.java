package dev.systemauth.autoconfigure;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

import dev.systemauth.core.mail.AuthMail;
import dev.systemauth.core.mail.AuthMailer;

/**
 * Sends the library's plain-text messages through Spring's {@link JavaMailSender}.
 */
public final class JavaMailAuthMailer implements AuthMailer {

	private final JavaMailSender mailSender;

	private final String from;

	public JavaMailAuthMailer(JavaMailSender mailSender, String from) {
		this.mailSender = mailSender;
		this.from = from;
	}

	@Override
	public void send(AuthMail mail) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(mail.to());
		message.setSubject(mail.subject());
		message.setText(mail.text());
		this.mailSender.send(message);
	}

}
