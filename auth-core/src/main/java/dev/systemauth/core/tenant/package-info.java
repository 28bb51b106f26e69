/**
 * Tenant support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.tenant;

import org.jspecify.annotations.NullMarked;
