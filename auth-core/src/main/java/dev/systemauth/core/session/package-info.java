/**
 * Sessions, the unit of trust: what a sign-in starts, what every refresh and access token belongs to, and
 * what ends them all at once.
 */
@NullMarked
package dev.systemauth.core.session;

import org.jspecify.annotations.NullMarked;
