package dev.systemauth.core.flow;

import java.util.List;

/**
 * The options of the passkey ceremonies, in the WebAuthn Level 3 JSON form that
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON} and {@code parseRequestOptionsFromJSON} read
 * (binary values in base64url).
 */
public final class PasskeyOptions {

	private PasskeyOptions() {
	}

	/**
	 * {@code PublicKeyCredentialCreationOptionsJSON}.
	 *
	 * @param rp the relying party
	 * @param user the account the passkey is for; its id is the user handle (the user id's 16 bytes)
	 * @param challenge the single-use challenge
	 * @param pubKeyCredParams the accepted algorithms
	 * @param timeout milliseconds the browser may take
	 * @param excludeCredentials the user's passkeys, so the same authenticator is not registered twice
	 * @param authenticatorSelection a discoverable credential with user verification
	 * @param attestation {@code none}
	 */
	public record Creation(RelyingParty rp, User user, String challenge, List<CredentialParameter> pubKeyCredParams,
			long timeout, List<CredentialDescriptor> excludeCredentials, AuthenticatorSelection authenticatorSelection,
			String attestation) {

		public Creation {
			pubKeyCredParams = List.copyOf(pubKeyCredParams);
			excludeCredentials = List.copyOf(excludeCredentials);
		}

	}

	/**
	 * {@code PublicKeyCredentialRequestOptionsJSON}.
	 *
	 * @param challenge the single-use challenge
	 * @param rpId the relying party id
	 * @param timeout milliseconds the browser may take
	 * @param userVerification {@code required}
	 * @param allowCredentials empty for a usernameless sign-in; the user's passkeys for a second factor
	 */
	public record Request(String challenge, String rpId, long timeout, String userVerification,
			List<CredentialDescriptor> allowCredentials) {

		public Request {
			allowCredentials = List.copyOf(allowCredentials);
		}

	}

	/** {@code PublicKeyCredentialRpEntity}. */
	public record RelyingParty(String id, String name) {
	}

	/** {@code PublicKeyCredentialUserEntityJSON}. */
	public record User(String id, String name, String displayName) {
	}

	/** {@code PublicKeyCredentialParameters}. */
	public record CredentialParameter(String type, long alg) {
	}

	/** {@code PublicKeyCredentialDescriptorJSON}. */
	public record CredentialDescriptor(String type, String id, List<String> transports) {

		public CredentialDescriptor {
			transports = List.copyOf(transports);
		}

	}

	/** {@code AuthenticatorSelectionCriteria}. */
	public record AuthenticatorSelection(String residentKey, boolean requireResidentKey, String userVerification) {
	}

}
