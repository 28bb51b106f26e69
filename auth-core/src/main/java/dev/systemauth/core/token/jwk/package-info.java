/**
 * Keys of access tokens: the signing algorithm, the signing key and the keys that verify, by {@code kid}, and
 * the JWK Set other services verify with.
 */
@NullMarked
package dev.systemauth.core.token.jwk;

import org.jspecify.annotations.NullMarked;
