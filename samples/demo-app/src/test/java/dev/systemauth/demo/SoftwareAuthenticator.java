package dev.systemauth.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionAuthenticatorOutput;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform authenticator in software, standing in for the browser and the device in the tests: it answers
 * the WebAuthn JSON options of {@code navigator.credentials.create} / {@code get} with what
 * {@code credential.toJSON()} gives. Keys are JCA EC P-256 (ES256); the attestation object (format
 * {@code none}) and authenticator data are encoded with webauthn4j's converters; clientDataJSON is written as a
 * browser writes it; the assertion signature is SHA256withECDSA over authenticatorData || SHA-256(clientDataJSON).
 * <p>
 * Credentials are discoverable (each keeps its user handle) and keep a signature counter. Attacker knobs:
 * another origin or relying party id ({@link #withOrigin}, {@link #withRpId}), no user verification
 * ({@link #withoutUserVerification}), and a chosen counter ({@link #get(JsonNode, Credential, long)}).
 */
final class SoftwareAuthenticator {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String origin;

	private final String rpId;

	private final boolean userVerification;

	private final List<Credential> credentials;

	SoftwareAuthenticator(String origin, String rpId) {
		this(origin, rpId, true, new ArrayList<>());
	}

	private SoftwareAuthenticator(String origin, String rpId, boolean userVerification, List<Credential> credentials) {
		this.origin = origin;
		this.rpId = rpId;
		this.userVerification = userVerification;
		this.credentials = credentials;
	}

	/** The same device (same credentials) used from another web origin, as a phishing site would. */
	SoftwareAuthenticator withOrigin(String otherOrigin) {
		return new SoftwareAuthenticator(otherOrigin, this.rpId, this.userVerification, this.credentials);
	}

	/** The same device signing for another relying party id. */
	SoftwareAuthenticator withRpId(String otherRpId) {
		return new SoftwareAuthenticator(this.origin, otherRpId, this.userVerification, this.credentials);
	}

	/** The same device, answering without verifying the user (UV flag off). */
	SoftwareAuthenticator withoutUserVerification() {
		return new SoftwareAuthenticator(this.origin, this.rpId, false, this.credentials);
	}

	/** The credentials created so far, oldest first. */
	List<Credential> credentials() {
		return this.credentials;
	}

	/** {@code navigator.credentials.create(...)} then {@code credential.toJSON()}: a new credential. */
	Map<String, Object> create(JsonNode options) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			KeyPair keyPair = generator.generateKeyPair();
			byte[] credentialId = new byte[32];
			RANDOM.nextBytes(credentialId);
			byte[] userHandle = Base64.getUrlDecoder().decode(options.get("user").get("id").asString());
			Credential credential = new Credential(credentialId, keyPair, userHandle, new AtomicLong());
			this.credentials.add(credential);
			return createWith(options, credential);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A registration response for an existing credential (what a device ignoring excludeCredentials sends). */
	Map<String, Object> createWith(JsonNode options, Credential credential) {
		AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credential.id(),
				EC2COSEKey.create((ECPublicKey) credential.keyPair().getPublic(), COSEAlgorithmIdentifier.ES256));
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> authenticatorData = new AuthenticatorData<>(
				sha256(this.rpId.getBytes(StandardCharsets.UTF_8)), (byte) (flags() | AuthenticatorData.BIT_AT), 0,
				attested);
		byte[] attestationObject = new AttestationObjectConverter(CONVERTER)
			.convertToBytes(new AttestationObject(authenticatorData, new NoneAttestationStatement()));
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("clientDataJSON", b64(clientData("webauthn.create", options.get("challenge").asString())));
		response.put("attestationObject", b64(attestationObject));
		response.put("transports", List.of("internal"));
		return credentialJson(credential.id(), response);
	}

	/** {@code navigator.credentials.get(...)} with the newest credential, its counter moving forward. */
	Map<String, Object> get(JsonNode options) {
		Credential credential = this.credentials.get(this.credentials.size() - 1);
		return get(options, credential, credential.counter().incrementAndGet());
	}

	/** An assertion by this credential with this signature counter (a clone would repeat an old one). */
	Map<String, Object> get(JsonNode options, Credential credential, long signCount) {
		try {
			byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
				.convert(new AuthenticatorData<AuthenticationExtensionAuthenticatorOutput>(
						sha256(this.rpId.getBytes(StandardCharsets.UTF_8)), flags(), signCount));
			byte[] clientData = clientData("webauthn.get", options.get("challenge").asString());
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(credential.keyPair().getPrivate());
			signer.update(ByteBuffer.allocate(authenticatorData.length + 32)
				.put(authenticatorData)
				.put(sha256(clientData))
				.array());
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("clientDataJSON", b64(clientData));
			response.put("authenticatorData", b64(authenticatorData));
			response.put("signature", b64(signer.sign()));
			response.put("userHandle", b64(credential.userHandle()));
			return credentialJson(credential.id(), response);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte flags() {
		return (byte) (AuthenticatorData.BIT_UP | (this.userVerification ? AuthenticatorData.BIT_UV : 0));
	}

	private byte[] clientData(String type, String challenge) {
		Map<String, Object> clientData = new LinkedHashMap<>();
		clientData.put("type", type);
		clientData.put("challenge", challenge);
		clientData.put("origin", this.origin);
		clientData.put("crossOrigin", false);
		return JSON.writeValueAsString(clientData).getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Object> credentialJson(byte[] credentialId, Map<String, Object> response) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", b64(credentialId));
		credential.put("rawId", b64(credentialId));
		credential.put("type", "public-key");
		credential.put("response", response);
		credential.put("authenticatorAttachment", "platform");
		credential.put("clientExtensionResults", Map.of());
		return credential;
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A discoverable credential on the device.
	 *
	 * @param id the credential id
	 * @param keyPair its key pair (the private key never leaves the device)
	 * @param userHandle the user handle given at registration
	 * @param counter its signature counter
	 */
	record Credential(byte[] id, KeyPair keyPair, byte[] userHandle, AtomicLong counter) {
	}

}
