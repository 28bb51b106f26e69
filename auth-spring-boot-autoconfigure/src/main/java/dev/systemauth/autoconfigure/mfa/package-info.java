/**
 * Wiring of the second factor (TOTP and recovery codes): {@code auth.mfa.*}.
 */
@NullMarked
package dev.systemauth.autoconfigure.mfa;

import org.jspecify.annotations.NullMarked;
