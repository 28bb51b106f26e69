/**
 * Provider support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.provider;

import org.jspecify.annotations.NullMarked;
