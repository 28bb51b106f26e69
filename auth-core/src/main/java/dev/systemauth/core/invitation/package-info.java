/**
 * Workspace invitations: the {@code workspace_invitations} table and its settings. The flows that create and
 * accept invitations are in {@code dev.systemauth.core.flow}.
 */
@NullMarked
package dev.systemauth.core.invitation;

import org.jspecify.annotations.NullMarked;
