/**
 * Password support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.password;

import org.jspecify.annotations.NullMarked;
