package dev.systemauth.core.passkey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A registered passkey as stored: what webauthn4j needs to verify its assertions, and what its owner sees.
 *
 * @param id the passkey's id ({@code passkeyId} in the API)
 * @param userId its owner
 * @param credentialId the authenticator's credential id
 * @param attestedCredentialData the AAGUID, credential id and COSE public key, as webauthn4j encodes them
 * @param signCount the last signature counter seen
 * @param transports how the browser can reach the authenticator ({@code internal}, {@code hybrid}...)
 * @param uvInitialized whether user verification was performed at registration
 * @param backupEligible whether the credential may be synced (a multi-device passkey)
 * @param backedUp whether it was backed up at registration
 * @param name the owner's label for it
 * @param createdAt when it was registered
 * @param lastUsedAt when it last signed a user in
 */
public record StoredPasskey(UUID id, UUID userId, byte[] credentialId, byte[] attestedCredentialData, long signCount,
		List<String> transports, boolean uvInitialized, boolean backupEligible, boolean backedUp, String name,
		Instant createdAt, @Nullable Instant lastUsedAt) {

	public StoredPasskey {
		credentialId = credentialId.clone();
		attestedCredentialData = attestedCredentialData.clone();
		transports = List.copyOf(transports);
	}

	@Override
	public byte[] credentialId() {
		return this.credentialId.clone();
	}

	@Override
	public byte[] attestedCredentialData() {
		return this.attestedCredentialData.clone();
	}

	@Override
	public String toString() {
		return "StoredPasskey[id=" + this.id + ", userId=" + this.userId + "]";
	}

}
