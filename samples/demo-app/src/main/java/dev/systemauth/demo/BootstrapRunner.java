package dev.systemauth.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.provisioning.ProvisionedUser;

/**
 * Provisions the bootstrap user of {@code demo.bootstrap.*} at start-up. Idempotent: a restart with the same
 * settings finds the same user and workspace.
 */
@Component
class BootstrapRunner implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapRunner.class);

	private final AuthProvisioningService provisioning;

	private final BootstrapProperties properties;

	BootstrapRunner(AuthProvisioningService provisioning, BootstrapProperties properties) {
		this.provisioning = provisioning;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.properties.email() == null || this.properties.email().isBlank()) {
			return;
		}
		ProvisionedUser user = this.provisioning.provisionClassicUser(this.properties.email(),
				this.properties.password(), this.properties.workspaceName(), this.properties.workspaceSlug(), true);
		logger.info("Bootstrap user {} in workspace {} ({})", user.userId(), user.workspaceId(),
				user.created() ? "created" : "already there");
	}

}
