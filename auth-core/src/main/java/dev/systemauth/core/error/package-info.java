/**
 * Error support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.error;

import org.jspecify.annotations.NullMarked;
