package dev.systemauth.autoconfigure.mfa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code auth.mfa.*} keys: the second factor (TOTP with recovery codes). A group of its own rather than a
 * nested class of {@code AuthProperties}, so the feature's wiring stays in one package.
 */
@ConfigurationProperties("auth.mfa")
public class AuthMfaProperties {

	/** Whether users can enrol a second factor (TOTP), and sign-ins of enrolled users ask for it. */
	private boolean enabled;

	/**
	 * Key that encrypts TOTP secrets at rest (AES-256-GCM), base64 of 32 random bytes. Required when MFA is
	 * enabled.
	 */
	private @Nullable String encryptionKey;

	/**
	 * Earlier encryption keys, still accepted to decrypt secrets stored under them (rotation), base64 of 32
	 * bytes each.
	 */
	private List<String> previousEncryptionKeys = new ArrayList<>();

	/** Issuer shown by authenticator apps next to the account; defaults to spring.application.name. */
	private @Nullable String issuer;

	/** How long the mfaToken of a sign-in awaiting its second factor stays valid. */
	private Duration challengeTtl = Duration.ofMinutes(5);

	/** Wrong codes an mfaToken allows before it stops working. */
	private int maxFailedAttempts = 5;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getEncryptionKey() {
		return this.encryptionKey;
	}

	public void setEncryptionKey(@Nullable String encryptionKey) {
		this.encryptionKey = encryptionKey;
	}

	public List<String> getPreviousEncryptionKeys() {
		return this.previousEncryptionKeys;
	}

	public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
		this.previousEncryptionKeys = previousEncryptionKeys;
	}

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public Duration getChallengeTtl() {
		return this.challengeTtl;
	}

	public void setChallengeTtl(Duration challengeTtl) {
		this.challengeTtl = challengeTtl;
	}

	public int getMaxFailedAttempts() {
		return this.maxFailedAttempts;
	}

	public void setMaxFailedAttempts(int maxFailedAttempts) {
		this.maxFailedAttempts = maxFailedAttempts;
	}

}
