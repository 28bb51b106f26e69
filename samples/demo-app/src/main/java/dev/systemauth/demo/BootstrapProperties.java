package dev.systemauth.demo;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * An optional first user to provision at start-up ({@code demo.bootstrap.*}), through the trusted
 * provisioning service rather than public signup.
 *
 * @param email the email; nothing is provisioned when empty
 * @param password the password
 * @param workspaceName the workspace name
 * @param workspaceSlug the workspace slug
 */
@ConfigurationProperties("demo.bootstrap")
public record BootstrapProperties(@Nullable String email, @Nullable String password, @Nullable String workspaceName,
		@Nullable String workspaceSlug) {
}
