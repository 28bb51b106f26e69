/**
 * Mail support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.mail;

import org.jspecify.annotations.NullMarked;
