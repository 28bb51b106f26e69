/**
 * Audit support of the authentication core.
 */
@NullMarked
package dev.systemauth.core.audit;

import org.jspecify.annotations.NullMarked;
