package dev.systemauth.core.tenant;

import java.util.UUID;

/**
 * A workspace (tenant).
 *
 * @param id the workspace id
 * @param name the display name
 * @param slug the unique handle
 */
public record Workspace(UUID id, String name, String slug) {
}
