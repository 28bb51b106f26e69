package dev.systemauth.core.passkey;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;

import org.jspecify.annotations.Nullable;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The WebAuthn ceremonies of the relying party, done by webauthn4j (attestation "none", so no attestation
 * trust path is checked): decoding the browser's responses, and verifying them against the challenge, the
 * relying party id and the allowed origins. Nothing here parses CBOR or signatures by hand.
 */
public final class WebAuthnCeremonies {

	/** The algorithms offered at registration: ES256, EdDSA, RS256 (COSE -7, -8, -257). */
	public static final List<Long> ALGORITHMS = List.of(-7L, -8L, -257L);

	private static final List<PublicKeyCredentialParameters> PARAMETERS = List.of(
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

	private static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "smart-card", "hybrid", "internal");

	private final PasskeySettings settings;

	private final WebAuthnManager manager;

	private final AttestedCredentialDataConverter attestedCredentialData;

	private final Set<Origin> origins;

	public WebAuthnCeremonies(PasskeySettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		ObjectConverter converter = new ObjectConverter();
		this.manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
		this.attestedCredentialData = new AttestedCredentialDataConverter(converter);
		Set<Origin> allowed = new HashSet<>();
		settings.origins().forEach((origin) -> allowed.add(Origin.create(origin)));
		this.origins = Set.copyOf(allowed);
	}

	/** The relying party. */
	public PasskeySettings settings() {
		return this.settings;
	}

	/**
	 * Decodes a registration response ({@code credential.response} of {@code navigator.credentials.create}).
	 * @throws AuthException {@link AuthErrorCode#INVALID_PASSKEY} when it cannot be decoded
	 */
	public RegistrationData parseRegistration(byte[] clientDataJson, byte[] attestationObject, List<String> transports) {
		try {
			RegistrationData data = this.manager
				.parse(new RegistrationRequest(attestationObject, clientDataJson, Set.copyOf(knownTransports(transports))));
			if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
					|| data.getAttestationObject() == null
					|| data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
				throw invalidPasskey();
			}
			return data;
		}
		catch (RuntimeException ex) {
			throw (ex instanceof AuthException auth) ? auth : invalidPasskey();
		}
	}

	/**
	 * Verifies a decoded registration: type, challenge, origin, relying party id hash, user presence and
	 * verification, and an offered algorithm.
	 * @throws AuthException {@link AuthErrorCode#INVALID_PASSKEY} when it fails
	 */
	public void verifyRegistration(RegistrationData data, byte[] challenge) {
		try {
			this.manager.verify(data, new RegistrationParameters(serverProperty(challenge), PARAMETERS, true, true));
		}
		catch (VerificationException ex) {
			throw invalidPasskey();
		}
	}

	/**
	 * Decodes an authentication response ({@code credential.response} of {@code navigator.credentials.get}).
	 * @return the data, or {@code null} when it cannot be decoded
	 */
	public @Nullable AuthenticationData parseAuthentication(byte[] credentialId, @Nullable byte[] userHandle,
			byte[] authenticatorData, byte[] clientDataJson, byte[] signature) {
		try {
			AuthenticationData data = this.manager.parse(
					new AuthenticationRequest(credentialId, userHandle, authenticatorData, clientDataJson, signature));
			if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
					|| data.getAuthenticatorData() == null) {
				return null;
			}
			return data;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Verifies an assertion with the stored passkey's public key: type, challenge, origin, relying party id
	 * hash, user presence and verification, signature, and a growing signature counter.
	 */
	public Verdict verifyAuthentication(AuthenticationData data, byte[] challenge, StoredPasskey passkey) {
		try {
			this.manager.verify(data, new AuthenticationParameters(serverProperty(challenge), record(passkey), null,
					true, true));
			return Verdict.VERIFIED;
		}
		catch (MaliciousCounterValueException ex) {
			return Verdict.COUNTER_REGRESSION;
		}
		catch (VerificationException ex) {
			return Verdict.FAILED;
		}
		catch (RuntimeException ex) {
			// a stored key or response webauthn4j cannot use: a failed assertion, never a 500
			return Verdict.FAILED;
		}
	}

	/** Encodes the attested credential data (credential id and public key) for storage. */
	public byte[] encode(AttestedCredentialData data) {
		return this.attestedCredentialData.convert(data);
	}

	/** The transports a browser reported, keeping the known ones. */
	public static List<String> knownTransports(List<String> transports) {
		return transports.stream().filter(TRANSPORTS::contains).distinct().toList();
	}

	/** Base64url without padding, as the WebAuthn JSON forms use. */
	public static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private CredentialRecord record(StoredPasskey passkey) {
		Set<AuthenticatorTransport> transports = new HashSet<>();
		passkey.transports().forEach((t) -> transports.add(AuthenticatorTransport.create(t)));
		return new CredentialRecordImpl(new NoneAttestationStatement(), passkey.uvInitialized(),
				passkey.backupEligible(), passkey.backedUp(), passkey.signCount(),
				this.attestedCredentialData.convert(passkey.attestedCredentialData()), null, null, null, transports);
	}

	private ServerProperty serverProperty(byte[] challenge) {
		return ServerProperty.builder()
			.origins(this.origins)
			.rpId(this.settings.rpId())
			.challenge(new DefaultChallenge(challenge))
			.build();
	}

	private static AuthException invalidPasskey() {
		return new AuthException(AuthErrorCode.INVALID_PASSKEY, "The passkey could not be verified.");
	}

	/** The outcome of an assertion's verification. */
	public enum Verdict {

		/** Everything checked out. */
		VERIFIED,

		/** The signature counter did not grow: possibly a cloned authenticator. */
		COUNTER_REGRESSION,

		/** Anything else failed (signature, origin, relying party, user verification...). */
		FAILED

	}

}
