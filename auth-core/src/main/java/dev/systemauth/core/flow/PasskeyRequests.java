package dev.systemauth.core.flow;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The inputs of the passkey flows, as a browser sends them (the WebAuthn Level 3 JSON form of
 * {@code credential.toJSON()}, binary fields in base64url). Fields may be {@code null}: the flows validate
 * them and answer {@code validation_failed} naming the field.
 */
public final class PasskeyRequests {

	private PasskeyRequests() {
	}

	/**
	 * The body of {@code POST /auth/passkeys/registration/verify}.
	 *
	 * @param rawId the credential id
	 * @param type {@code public-key}
	 * @param clientDataJson {@code response.clientDataJSON}
	 * @param attestationObject {@code response.attestationObject}
	 * @param transports {@code response.transports}, possibly empty
	 * @param name the label the user gives the passkey, or {@code null} for a default
	 */
	public record Registration(@Nullable String rawId, @Nullable String type, @Nullable String clientDataJson,
			@Nullable String attestationObject, List<String> transports, @Nullable String name) {

		public Registration {
			transports = List.copyOf(transports);
		}

		@Override
		public String toString() {
			return "Registration[]";
		}

	}

	/**
	 * The body of {@code POST /auth/passkeys/authentication/verify}.
	 *
	 * @param rawId the credential id
	 * @param type {@code public-key}
	 * @param clientDataJson {@code response.clientDataJSON}
	 * @param authenticatorData {@code response.authenticatorData}
	 * @param signature {@code response.signature}
	 * @param userHandle {@code response.userHandle}: required for a usernameless sign-in
	 * @param workspaceId the workspace to sign in to, if the front end names one
	 * @param mfaToken the token of a sign-in awaiting its second factor, or {@code null} for a first factor
	 */
	public record Assertion(@Nullable String rawId, @Nullable String type, @Nullable String clientDataJson,
			@Nullable String authenticatorData, @Nullable String signature, @Nullable String userHandle,
			@Nullable UUID workspaceId, @Nullable String mfaToken) {

		@Override
		public String toString() {
			return "Assertion[workspaceId=" + this.workspaceId + "]";
		}

	}

}
