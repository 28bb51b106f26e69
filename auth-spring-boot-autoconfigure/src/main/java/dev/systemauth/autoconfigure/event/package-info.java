/**
 * Spring application events for the library's audit events, for hosts that subscribe with
 * {@code @EventListener}.
 */
@NullMarked
package dev.systemauth.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
