/**
 * Brute-force and abuse limits, counted in PostgreSQL so that every instance shares them.
 */
@NullMarked
package dev.systemauth.core.throttle;

import org.jspecify.annotations.NullMarked;
