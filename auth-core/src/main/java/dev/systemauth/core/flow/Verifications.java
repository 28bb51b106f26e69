package dev.systemauth.core.flow;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.flow.ClassicSettings.VerificationMode;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.token.SecureTokens;
import dev.systemauth.core.token.TokenHasher;

/**
 * Email verification secrets, shared by signup (the first) and resend: a numeric code or a link token,
 * depending on the {@link VerificationMode}, stored as a keyed hash and mailed after the commit.
 */
final class Verifications {

	private final OneTimeTokenStore oneTimeTokens;

	private final TokenHasher hasher;

	private final MailDispatcher mail;

	private final AuthMailTemplates templates;

	private final AuthLinks links;

	private final ClassicSettings settings;

	Verifications(OneTimeTokenStore oneTimeTokens, TokenHasher hasher, MailDispatcher mail,
			AuthMailTemplates templates, AuthLinks links, ClassicSettings settings) {
		this.oneTimeTokens = oneTimeTokens;
		this.hasher = hasher;
		this.mail = mail;
		this.templates = templates;
		this.links = links;
		this.settings = settings;
	}

	/** Creates a verification code or link token and returns the secret to send. Joins the transaction. */
	String create(UUID userId, @Nullable UUID workspaceId, Instant now) {
		UUID id = UUID.randomUUID();
		Instant expiresAt = now.plus(this.settings.verificationTtl());
		if (this.settings.verificationMode() == VerificationMode.CODE) {
			String code = SecureTokens.newCode(this.settings.verificationCodeLength());
			this.oneTimeTokens.insertVerification(id, userId, workspaceId, this.hasher.hash(codeInput(id, code)), "code",
					now, expiresAt);
			return code;
		}
		String token = SecureTokens.newToken();
		this.oneTimeTokens.insertVerification(id, userId, workspaceId, this.hasher.hash(token), "link", now, expiresAt);
		return token;
	}

	/** Mails a secret made by {@link #create}. */
	void send(String email, String secret) {
		if (this.settings.verificationMode() == VerificationMode.CODE) {
			this.mail.dispatch(this.templates.verificationCode(email, secret, this.settings.verificationTtl()));
		}
		else {
			this.mail.dispatch(this.templates.verificationLink(email, this.links.verifyEmail(secret),
					this.settings.verificationTtl()));
		}
	}

	/** A code is hashed together with its row id: equal codes of two users never collide. */
	static String codeInput(UUID id, String code) {
		return "code:" + id + ":" + code;
	}

}
