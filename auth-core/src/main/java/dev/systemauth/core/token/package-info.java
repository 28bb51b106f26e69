/**
 * Token support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.token;

import org.jspecify.annotations.NullMarked;
