/**
 * Micrometer observations of the starter's flows (sign-in, signup, refresh, verification, reset, magic
 * link), taken at the web layer.
 */
@NullMarked
package dev.systemauth.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
