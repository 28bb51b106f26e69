package dev.systemauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.InvitationAcceptController;
import dev.systemauth.autoconfigure.web.InvitationSignupController;
import dev.systemauth.autoconfigure.web.InvitationsController;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.autoconfigure.web.WorkspaceMembersController;
import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.flow.InvitationFlow;
import dev.systemauth.core.tenant.WorkspaceMembers;

/**
 * The invitation and member routes, while {@code auth.workspaces.http-api} is true (the default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "auth.workspaces.http-api", matchIfMissing = true)
class WorkspaceRoutesConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(WorkspaceMembers.class)
	WorkspaceMembersController workspaceMembersController(WorkspaceMembers members,
			WorkspaceAccessChecker access, ClientInfoResolver clients) {
		return new WorkspaceMembersController(members, access, clients);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(InvitationFlow.class)
	InvitationsController invitationsController(InvitationFlow flow, WorkspaceAccessChecker access,
			ClientInfoResolver clients) {
		return new InvitationsController(flow, access, clients);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(InvitationAcceptanceFlow.class)
	InvitationAcceptController invitationAcceptController(InvitationAcceptanceFlow flow,
			WorkspaceAccessChecker access, ClientInfoResolver clients) {
		return new InvitationAcceptController(flow, access, clients);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(InvitationAcceptanceFlow.class)
	@ConditionalOnBooleanProperty(name = "auth.classic.signup", havingValue = false)
	InvitationSignupController invitationSignupController(InvitationAcceptanceFlow flow,
			ClientInfoResolver clients) {
		return new InvitationSignupController(flow, clients);
	}

}
