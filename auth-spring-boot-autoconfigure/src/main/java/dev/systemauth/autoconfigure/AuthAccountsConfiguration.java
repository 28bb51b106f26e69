package dev.systemauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.account.JdbcUserStore;
import dev.systemauth.core.account.UserStatusService;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.provisioning.AuthProvisioningService;
import dev.systemauth.core.tenant.MembershipCache;
import dev.systemauth.core.tenant.WorkspaceService;

/**
 * Users, workspaces and memberships: the {@link UserStore}, status changes, the {@link WorkspaceService} and
 * server-side provisioning.
 */
@Configuration(proxyBeanMethods = false)
class AuthAccountsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UserStore authUserStore(AuthDatabase database, ObjectProvider<MembershipCache> cache) {
		return new JdbcUserStore(database, cache.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	UserStatusService authUserStatusService(AuthDatabase database, UserStore users, AuditLog auditLog, Clock clock) {
		return new UserStatusService(database, users, auditLog, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkspaceService authWorkspaceService(AuthDatabase database, AuditLog auditLog, Clock clock,
			ObjectProvider<MembershipCache> cache) {
		return new WorkspaceService(database, auditLog, clock, cache.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	AuthProvisioningService authProvisioningService(AuthDatabase database, UserStore accounts,
			WorkspaceService workspaces, PasswordHasher passwordHasher, PasswordPolicy passwordPolicy,
			AuditLog auditLog, Clock clock) {
		return new AuthProvisioningService(database, accounts, workspaces, passwordHasher, passwordPolicy, auditLog,
				clock);
	}

}
