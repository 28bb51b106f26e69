/**
 * Jdbc support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.jdbc;

import org.jspecify.annotations.NullMarked;
