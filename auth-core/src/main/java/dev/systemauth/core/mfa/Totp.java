package dev.systemauth.core.mfa;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords per RFC 6238 with the parameters every authenticator app uses: HMAC-SHA-1,
 * 6 digits, 30-second steps from the Unix epoch; a code is accepted for the current step and one step either
 * side (clock drift). {@link #matchingStep} always computes all three candidates and compares in constant
 * time, so its work does not depend on which step (if any) matches.
 * <p>
 * Not final so that tests can count the checks a flow makes; it holds no state.
 */
public class Totp {

	/** Seconds per time step. */
	public static final int STEP_SECONDS = 30;

	/** Digits per code. */
	public static final int DIGITS = 6;

	/** Steps accepted either side of the current one. */
	public static final int WINDOW = 1;

	/** What {@link #matchingStep} answers when no step matches. */
	public static final long NO_MATCH = -1;

	private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

	/** The time step of an instant. */
	public static long step(Instant instant) {
		return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
	}

	/**
	 * The code of a step (RFC 4226 dynamic truncation).
	 * @param secret the shared secret
	 * @param step the time step
	 * @param digits how many digits (6 for apps; RFC 6238's vectors use 8)
	 * @return the code, zero-padded
	 */
	public static String code(byte[] secret, long step, int digits) {
		byte[] hash = hmacSha1(secret, step);
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
				| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
		String code = Integer.toString(binary % POWERS[digits]);
		return "0".repeat(digits - code.length()) + code;
	}

	/**
	 * Finds the step, within {@link #WINDOW} of {@code currentStep}, whose code is {@code code}. Computes every
	 * candidate whatever the input.
	 * @param secret the shared secret
	 * @param code the code presented (anything; a malformed code matches nothing)
	 * @param currentStep the step of now
	 * @return the matching step, or {@link #NO_MATCH}
	 */
	public long matchingStep(byte[] secret, String code, long currentStep) {
		byte[] presented = code.getBytes(StandardCharsets.US_ASCII);
		long match = NO_MATCH;
		for (long step = currentStep - WINDOW; step <= currentStep + WINDOW; step++) {
			byte[] expected = code(secret, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
			if (MessageDigest.isEqual(expected, presented) && match == NO_MATCH) {
				match = step;
			}
		}
		return match;
	}

	private static byte[] hmacSha1(byte[] secret, long step) {
		byte[] message = new byte[8];
		long value = step;
		for (int i = 7; i >= 0; i--) {
			message[i] = (byte) value;
			value >>>= 8;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is unavailable", ex);
		}
	}

}
