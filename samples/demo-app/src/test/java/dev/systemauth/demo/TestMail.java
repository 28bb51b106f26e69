package dev.systemauth.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The one GreenMail SMTP server of this JVM's tests, on a dynamic port. It is shared rather than registered
 * per class with {@code GreenMailExtension}: Spring caches application contexts across test classes, and a
 * cached context keeps the SMTP port it was started with. Tests use unique recipients and read only their
 * own messages. Mail is sent off the request thread, so every read waits.
 */
final class TestMail {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Pattern CODE = Pattern.compile("verification code is: (\\d+)");

	private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_\\-%.~]+)");

	private static final GreenMail server = start();

	private TestMail() {
	}

	private static GreenMail start() {
		GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		greenMail.start();
		Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "greenmail-shutdown"));
		return greenMail;
	}

	static int smtpPort() {
		return server.getSmtp().getPort();
	}

	/** The plain-text bodies of the messages sent to a recipient so far, oldest first. */
	static List<String> messagesTo(String recipient) {
		List<String> bodies = new ArrayList<>();
		for (MimeMessage message : server.getReceivedMessages()) {
			try {
				Address[] to = message.getAllRecipients();
				if (to != null && Arrays.stream(to).anyMatch((a) -> a.toString().equalsIgnoreCase(recipient))) {
					bodies.add(message.getContent().toString());
				}
			}
			catch (MessagingException | java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return bodies;
	}

	/** Waits until a recipient has at least {@code count} messages and returns them all. */
	static List<String> awaitMessages(String recipient, int count) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		List<String> bodies = messagesTo(recipient);
		while (bodies.size() < count && System.nanoTime() < deadline) {
			sleep(25);
			bodies = messagesTo(recipient);
		}
		if (bodies.size() < count) {
			throw new AssertionError("Expected " + count + " message(s) to " + recipient + " within " + WAIT
					+ ", got " + bodies.size());
		}
		return bodies;
	}

	/** Waits for the {@code count}-th message to a recipient and returns its body. */
	static String awaitMessage(String recipient, int count) {
		return awaitMessages(recipient, count).get(count - 1);
	}

	static String verificationCode(String body) {
		Matcher matcher = CODE.matcher(body);
		if (!matcher.find()) {
			throw new AssertionError("No verification code in: " + body);
		}
		return matcher.group(1);
	}

	static String linkToken(String body) {
		Matcher matcher = TOKEN.matcher(body);
		if (!matcher.find()) {
			throw new AssertionError("No token link in: " + body);
		}
		return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
