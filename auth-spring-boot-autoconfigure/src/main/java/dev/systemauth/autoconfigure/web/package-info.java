/**
 * The HTTP side of the auth starter: controllers, the workspace filter, {@code @CurrentAuth}, auditing and
 * RFC 9457 problem responses.
 */
@NullMarked
package dev.systemauth.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
