/**
 * Provisioning support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.provisioning;

import org.jspecify.annotations.NullMarked;
