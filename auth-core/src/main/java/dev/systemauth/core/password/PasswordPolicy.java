package dev.systemauth.core.password;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.password.CompromisedPasswordChecker;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The one password policy shared by signup, reset and provisioning, after NIST SP 800-63B-4: a minimum
 * length, a maximum that bcrypt can honour (it reads only 72 bytes, so longer passwords are refused rather
 * than silently truncated), no composition rules, no context-specific words (the email's local part and the
 * policy's own words, such as the application's name), and no breached passwords: a shipped list of about
 * half a million (a Bloom filter, compared case-insensitively) and, when one is configured, a
 * {@link CompromisedPasswordChecker} such as Spring Security's Have I Been Pwned client.
 * <p>
 * Instances are immutable; the {@code with...} methods return a changed copy. The checker does I/O, so call
 * {@link #check(String, PasswordContext)} outside any transaction.
 */
public final class PasswordPolicy {

	/** bcrypt reads at most this many bytes of a password. */
	public static final int MAX_BYTES = 72;

	/** Context words shorter than this are too common as parts of passwords to refuse. */
	static final int MIN_CONTEXT_WORD = 4;

	private static final Logger logger = LoggerFactory.getLogger(PasswordPolicy.class);

	private final int minLength;

	private final List<String> contextWords;

	private final @Nullable CompromisedPasswordChecker compromisedPasswordChecker;

	private final OnCheckerError onCheckerError;

	private PasswordPolicy(int minLength, List<String> contextWords,
			@Nullable CompromisedPasswordChecker compromisedPasswordChecker, OnCheckerError onCheckerError) {
		if (minLength < 1 || minLength > MAX_BYTES) {
			throw new IllegalArgumentException("minLength must be between 1 and " + MAX_BYTES + ", got " + minLength);
		}
		this.minLength = minLength;
		this.contextWords = List.copyOf(contextWords);
		this.compromisedPasswordChecker = compromisedPasswordChecker;
		this.onCheckerError = onCheckerError;
	}

	/**
	 * A policy with the given minimum length, the breached-password list shipped with the library, no context
	 * words and no {@link CompromisedPasswordChecker}.
	 * @param minLength the minimum length in characters (code points)
	 * @return the policy
	 */
	public static PasswordPolicy withMinLength(int minLength) {
		return new PasswordPolicy(minLength, List.of(), null, OnCheckerError.ALLOW);
	}

	/**
	 * A copy that also refuses passwords containing any of the given words (case, spaces and punctuation
	 * ignored), for example the application's name. Words shorter than four letters or digits are ignored.
	 * @param words the context words
	 * @return the changed policy
	 */
	public PasswordPolicy withContextWords(Collection<String> words) {
		if (words == null) {
			throw new IllegalArgumentException("words must not be null");
		}
		List<String> normalized = new ArrayList<>(this.contextWords);
		for (String word : words) {
			String squashed = squash(word);
			if (squashed.length() >= MIN_CONTEXT_WORD && !normalized.contains(squashed)) {
				normalized.add(squashed);
			}
		}
		return new PasswordPolicy(this.minLength, normalized, this.compromisedPasswordChecker, this.onCheckerError);
	}

	/**
	 * A copy that also asks the given checker, after every local rule has passed, whether the password is
	 * known to be compromised.
	 * @param checker the checker, for example Spring Security's {@code HaveIBeenPwnedRestApiPasswordChecker}
	 * @param onError what to do when the checker fails (throws): allow the password (fail open) or refuse the
	 * request (fail closed)
	 * @return the changed policy
	 */
	public PasswordPolicy withCompromisedPasswordChecker(CompromisedPasswordChecker checker, OnCheckerError onError) {
		if (checker == null) {
			throw new IllegalArgumentException("checker must not be null");
		}
		if (onError == null) {
			throw new IllegalArgumentException("onError must not be null");
		}
		return new PasswordPolicy(this.minLength, this.contextWords, checker, onError);
	}

	public int getMinLength() {
		return this.minLength;
	}

	/**
	 * Checks a password against the policy.
	 * @param password the candidate password
	 * @param context what is known of the account the password is for
	 * @throws AuthException with {@link AuthErrorCode#WEAK_PASSWORD} and a {@code reason} when it is refused,
	 * or with {@link AuthErrorCode#SERVICE_UNAVAILABLE} when the compromised-password checker failed and the
	 * policy fails closed
	 */
	public void check(@Nullable String password, PasswordContext context) {
		if (context == null) {
			throw new IllegalArgumentException("context must not be null");
		}
		if (password == null || password.isEmpty()) {
			throw weak("Password is required.", "required");
		}
		if (password.codePointCount(0, password.length()) < this.minLength) {
			throw weak("Password must be at least " + this.minLength + " characters long.", "too_short");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw weak("Password must be at most " + MAX_BYTES + " bytes long.", "too_long");
		}
		if (password.indexOf('\0') >= 0) {
			throw weak("Password must not contain NUL characters.", "invalid_character");
		}
		String squashed = squash(password);
		if (containsEmail(squashed, context.email())) {
			throw weak("Password must not contain your email address.", "contains_email");
		}
		for (String word : this.contextWords) {
			if (squashed.contains(word)) {
				throw weak("Password must not contain the name of this service.", "contains_context_word");
			}
		}
		if (BreachedPasswords.shipped().contains(password)) {
			throw weak("Password is too common; choose another.", "too_common");
		}
		if (this.compromisedPasswordChecker != null && isCompromised(this.compromisedPasswordChecker, password)) {
			throw weak("Password has appeared in a data breach; choose another.", "breached");
		}
	}

	private boolean isCompromised(CompromisedPasswordChecker checker, String password) {
		try {
			return checker.check(password).isCompromised();
		}
		catch (RuntimeException ex) {
			if (this.onCheckerError == OnCheckerError.REJECT) {
				logger.warn("Compromised-password check failed; refusing the password (fail closed): {}", ex.toString());
				throw new AuthException(AuthErrorCode.SERVICE_UNAVAILABLE,
						"The password cannot be checked right now; retry later.",
						Map.of("reason", "breach_check_unavailable"), ex);
			}
			logger.warn("Compromised-password check failed; allowing the password (fail open): {}", ex.toString());
			return false;
		}
	}

	/**
	 * Whether the password holds the email's local part (without a {@code +tag}): the whole of it when it has
	 * at least four letters or digits (else only when the password is nothing else), or any of its parts
	 * between dots, dashes or underscores that has five or more, so that {@code john.smith} refuses
	 * {@code Smith1985!}.
	 */
	private static boolean containsEmail(String squashedPassword, @Nullable String email) {
		if (email == null) {
			return false;
		}
		int at = email.lastIndexOf('@');
		String local = (at >= 0) ? email.substring(0, at) : email;
		int tag = local.indexOf('+');
		if (tag > 0) {
			local = local.substring(0, tag);
		}
		String whole = squash(local);
		if (!whole.isEmpty() && (whole.length() >= MIN_CONTEXT_WORD ? squashedPassword.contains(whole)
				: squashedPassword.equals(whole))) {
			return true;
		}
		for (String part : local.split("[^\\p{L}\\p{N}]+")) {
			String word = squash(part);
			if (word.length() > MIN_CONTEXT_WORD && squashedPassword.contains(word)) {
				return true;
			}
		}
		return false;
	}

	/** Lower case, letters and digits only: {@code "J.Smith-2024!"} becomes {@code "jsmith2024"}. */
	static String squash(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
		return out.toString();
	}

	private static AuthException weak(String message, String reason) {
		return new AuthException(AuthErrorCode.WEAK_PASSWORD, message, Map.of("reason", reason));
	}

	/** What the policy does when its {@link CompromisedPasswordChecker} fails. */
	public enum OnCheckerError {

		/** Fail open: accept the password as if the checker had found nothing (the failure is logged). */
		ALLOW,
		/** Fail closed: refuse the request with {@code 503 service_unavailable}. */
		REJECT

	}

}
