/**
 * The HTTP side of the auth starter: controllers, the workspace filter, what gives {@code dev.systemauth.api}'s
 * annotations their meaning ({@code @CurrentAuth}, {@code @RequireWorkspace}, {@code @Audited}), auditing and
 * RFC 9457 problem responses.
 */
@NullMarked
package dev.systemauth.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
