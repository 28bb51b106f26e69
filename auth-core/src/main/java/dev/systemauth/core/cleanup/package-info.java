/**
 * Periodic deletion of the rows that can no longer be used: expired single-use tokens and challenges, and
 * throttle counters whose window has passed.
 */
@NullMarked
package dev.systemauth.core.cleanup;

import org.jspecify.annotations.NullMarked;
