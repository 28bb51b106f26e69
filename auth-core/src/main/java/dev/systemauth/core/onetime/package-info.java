/**
 * Onetime support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.onetime;

import org.jspecify.annotations.NullMarked;
