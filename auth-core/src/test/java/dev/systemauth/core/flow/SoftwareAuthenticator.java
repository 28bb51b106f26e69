package dev.systemauth.core.flow;

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
import java.util.Base64;
import java.util.List;
import java.util.UUID;

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

/**
 * A one-credential software authenticator for the core flow tests (the demo app's tests have the HTTP one):
 * an EC P-256 key, attestation {@code none} and authenticator data encoded with webauthn4j's converters,
 * clientDataJSON as a browser writes it, and SHA256withECDSA assertions with a chosen signature counter.
 */
final class SoftwareAuthenticator {

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String origin;

	private final String rpId;

	private final KeyPair keyPair;

	private final byte[] credentialId = new byte[32];

	private byte[] userHandle = new byte[0];

	SoftwareAuthenticator(String origin, String rpId) {
		this.origin = origin;
		this.rpId = rpId;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			this.keyPair = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		RANDOM.nextBytes(this.credentialId);
	}

	/** Answers registration options. */
	PasskeyRequests.Registration create(PasskeyOptions.Creation options) {
		this.userHandle = Base64.getUrlDecoder().decode(options.user().id());
		AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, this.credentialId,
				EC2COSEKey.create((ECPublicKey) this.keyPair.getPublic(), COSEAlgorithmIdentifier.ES256));
		AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(rpIdHash(),
				(byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV | AuthenticatorData.BIT_AT), 0, attested);
		byte[] attestation = new AttestationObjectConverter(CONVERTER)
			.convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
		return new PasskeyRequests.Registration(b64(this.credentialId), "public-key",
				b64(clientData("webauthn.create", options.challenge())), b64(attestation), List.of("internal"), null);
	}

	/** Answers authentication options with this signature counter. */
	PasskeyRequests.Assertion get(PasskeyOptions.Request options, long signCount, UUID workspaceId, String mfaToken) {
		try {
			byte[] data = new AuthenticatorDataConverter(CONVERTER)
				.convert(new AuthenticatorData<AuthenticationExtensionAuthenticatorOutput>(rpIdHash(),
						(byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_UV), signCount));
			byte[] clientData = clientData("webauthn.get", options.challenge());
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(this.keyPair.getPrivate());
			signer.update(ByteBuffer.allocate(data.length + 32).put(data).put(sha256(clientData)).array());
			return new PasskeyRequests.Assertion(b64(this.credentialId), "public-key", b64(clientData), b64(data),
					b64(signer.sign()), b64(this.userHandle), workspaceId, mfaToken);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] clientData(String type, String challenge) {
		return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + this.origin
				+ "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
	}

	private byte[] rpIdHash() {
		return sha256(this.rpId.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
