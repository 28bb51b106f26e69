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

}
