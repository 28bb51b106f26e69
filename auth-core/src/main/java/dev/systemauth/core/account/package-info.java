/**
 * Account support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.account;

import org.jspecify.annotations.NullMarked;
