/**
 * Passkeys (WebAuthn): the stores of their two tables ({@link dev.systemauth.core.passkey.PasskeyCredentialStore},
 * {@link dev.systemauth.core.passkey.PasskeyChallengeStore}), the relying party's settings, and
 * {@link dev.systemauth.core.passkey.WebAuthnCeremonies}, which leaves all parsing and verification of
 * attestations and assertions to webauthn4j. The flows that use them are in {@code dev.systemauth.core.flow}.
 */
@NullMarked
package dev.systemauth.core.passkey;

import org.jspecify.annotations.NullMarked;
