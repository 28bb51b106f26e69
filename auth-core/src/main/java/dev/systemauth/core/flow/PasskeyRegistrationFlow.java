package dev.systemauth.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.account.UserAccount;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.passkey.StoredPasskey;
import dev.systemauth.core.passkey.WebAuthnCeremonies;

/**
 * Registering a passkey for the signed-in user ({@code POST /auth/passkeys/registration/options} and
 * {@code /verify}): the options carry a single-use challenge bound to the user; the browser's response is
 * verified by webauthn4j (challenge, origin, relying party, user presence and verification, algorithm) and
 * the credential stored with its audit row.
 */
public final class PasskeyRegistrationFlow {

	/** The longest passkey name. */
	public static final int MAX_NAME_LENGTH = 100;

	/** The most passkeys a user can have (concurrent registrations may briefly pass it). */
	public static final int MAX_PASSKEYS = 20;

	private static final String DEFAULT_NAME = "Passkey";

	private final AuthDatabase database;

	private final UserStore accounts;

	private final PasskeyStores stores;

	private final AuditLog auditLog;

	private final Clock clock;

	public PasskeyRegistrationFlow(AuthDatabase database, UserStore accounts, PasskeyStores stores, AuditLog auditLog,
			Clock clock) {
		this.database = Objects.requireNonNull(database, "database must not be null");
		this.accounts = Objects.requireNonNull(accounts, "accounts must not be null");
		this.stores = Objects.requireNonNull(stores, "stores must not be null");
		this.auditLog = Objects.requireNonNull(auditLog, "auditLog must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * The options of {@code navigator.credentials.create}, with a challenge only this user can use.
	 * @param userId the signed-in user
	 */
	public PasskeyOptions.Creation options(UUID userId) {
		UserAccount account = this.accounts.findById(userId)
			.filter(UserAccount::isActive)
			.orElseThrow(() -> new AuthException(AuthErrorCode.INVALID_TOKEN, "The session is not valid."));
		requireRoom(userId);
		String challenge = this.stores.issueChallenge(PasskeyChallengeStore.REGISTRATION, userId,
				this.clock.instant());
		return new PasskeyOptions.Creation(
				new PasskeyOptions.RelyingParty(this.stores.ceremonies().settings().rpId(),
						this.stores.ceremonies().settings().rpName()),
				new PasskeyOptions.User(WebAuthnCeremonies.base64Url(PasskeyStores.userHandle(userId)), account.email(),
						account.email()),
				challenge,
				WebAuthnCeremonies.ALGORITHMS.stream()
					.map((alg) -> new PasskeyOptions.CredentialParameter(PasskeyStores.PUBLIC_KEY, alg))
					.toList(),
				this.stores.timeoutMillis(), this.stores.descriptors(userId),
				new PasskeyOptions.AuthenticatorSelection("required", true, "required"), "none");
	}

	/**
	 * Verifies the browser's response and stores the passkey.
	 * @param userId the signed-in user, who must be the one the challenge was issued to
	 * @return the new passkey
	 * @throws AuthException {@link AuthErrorCode#INVALID_CHALLENGE} for an unknown, expired, used or another
	 * user's challenge; {@link AuthErrorCode#PASSKEY_LIMIT_REACHED} at {@link #MAX_PASSKEYS};
	 * {@link AuthErrorCode#INVALID_PASSKEY} when verification fails;
	 * {@link AuthErrorCode#PASSKEY_ALREADY_REGISTERED} for a credential registered before
	 */
	public Passkey verify(UUID userId, PasskeyRequests.Registration request, ClientInfo client) {
		String name = name(request.name());
		PasskeyStores.requirePublicKeyType(request.type());
		byte[] rawId = PasskeyStores.decode(request.rawId(), "credential.rawId");
		byte[] clientDataJson = PasskeyStores.decode(request.clientDataJson(), "credential.response.clientDataJSON");
		byte[] attestationObject = PasskeyStores.decode(request.attestationObject(),
				"credential.response.attestationObject");
		RegistrationData data = this.stores.ceremonies()
			.parseRegistration(clientDataJson, attestationObject, request.transports());
		Instant now = this.clock.instant();
		// used before it is verified: a response that fails still spends its challenge
		this.stores.useChallenge(data.getCollectedClientData().getChallenge().getValue(),
				PasskeyChallengeStore.REGISTRATION, userId, now);
		try {
			this.stores.ceremonies().verifyRegistration(data, data.getCollectedClientData().getChallenge().getValue());
		}
		catch (AuthException ex) {
			this.auditLog.recordQuietly(AuditEvent.of(AuditEventType.PASSKEY_REGISTERED, AuditEvent.Outcome.FAILURE,
					null, userId, client, Map.of("reason", ex.getErrorCode().code())));
			throw ex;
		}
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticatorData = data.getAttestationObject()
			.getAuthenticatorData();
		AttestedCredentialData credential = Objects.requireNonNull(authenticatorData.getAttestedCredentialData());
		if (!Arrays.equals(rawId, credential.getCredentialId())) {
			throw new AuthException(AuthErrorCode.INVALID_PASSKEY, "The passkey could not be verified.");
		}
		StoredPasskey passkey = new StoredPasskey(UUID.randomUUID(), userId, credential.getCredentialId(),
				this.stores.ceremonies().encode(credential), authenticatorData.getSignCount(),
				WebAuthnCeremonies.knownTransports(request.transports()), authenticatorData.isFlagUV(),
				authenticatorData.isFlagBE(), authenticatorData.isFlagBS(), name, now, null);
		boolean stored = this.database.inTransaction(() -> {
			requireRoom(userId);
			if (!this.stores.credentials().insert(passkey)) {
				return false;
			}
			this.auditLog.record(AuditEvent.of(AuditEventType.PASSKEY_REGISTERED, AuditEvent.Outcome.SUCCESS, null,
					userId, client, Map.of("passkeyId", passkey.id().toString())));
			return true;
		});
		if (!stored) {
			throw new AuthException(AuthErrorCode.PASSKEY_ALREADY_REGISTERED, "This passkey is already registered.");
		}
		return new Passkey(passkey.id(), passkey.name(), passkey.createdAt(), null);
	}

	private void requireRoom(UUID userId) {
		if (this.stores.credentials().countForUser(userId) >= MAX_PASSKEYS) {
			throw new AuthException(AuthErrorCode.PASSKEY_LIMIT_REACHED,
					"You have " + MAX_PASSKEYS + " passkeys: delete one before registering another.");
		}
	}

	private static String name(@Nullable String requested) {
		if (requested == null || requested.isBlank()) {
			return DEFAULT_NAME;
		}
		String name = requested.strip();
		if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
			throw FlowErrors.validation("name", "name must be at most " + MAX_NAME_LENGTH
					+ " characters, without control characters.");
		}
		return name;
	}

	/**
	 * A registered passkey as its owner sees it (never its key material).
	 *
	 * @param passkeyId its id
	 * @param name its label
	 * @param createdAt when it was registered
	 * @param lastUsedAt when it last signed in, or {@code null}
	 */
	public record Passkey(UUID passkeyId, String name, Instant createdAt, @Nullable Instant lastUsedAt) {

		static Passkey of(StoredPasskey stored) {
			return new Passkey(stored.id(), stored.name(), stored.createdAt(), stored.lastUsedAt());
		}

		/** The summaries of passkeys, in order. */
		static List<Passkey> of(List<StoredPasskey> stored) {
			return stored.stream().map(Passkey::of).toList();
		}

	}

}
