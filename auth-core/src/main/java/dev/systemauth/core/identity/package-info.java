/**
 * Sign-in with identity providers: the {@link dev.systemauth.core.identity.IdentityProvider} SPI, its
 * OpenID Connect and GitHub implementations, and the stores of linked identities, authorization requests in
 * flight and one-time exchange codes.
 */
@NullMarked
package dev.systemauth.core.identity;

import org.jspecify.annotations.NullMarked;
