/**
 * Wiring of sign-in with identity providers (GitHub, Google, OpenID Connect single sign-on).
 */
@NullMarked
package dev.systemauth.autoconfigure.identity;

import org.jspecify.annotations.NullMarked;
