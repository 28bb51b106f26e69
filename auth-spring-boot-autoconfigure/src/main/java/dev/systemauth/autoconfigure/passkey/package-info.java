/**
 * Wiring of passkeys (WebAuthn): {@code auth.passkeys.*}.
 */
@NullMarked
package dev.systemauth.autoconfigure.passkey;

import org.jspecify.annotations.NullMarked;
