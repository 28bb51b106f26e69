package dev.systemauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.flow.MfaEnrolmentTokens;
import dev.systemauth.core.flow.InvitationFlow;
import dev.systemauth.core.invitation.InvitationSettings;
import dev.systemauth.core.invitation.InvitationStore;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceMembers;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.TokenHasher;

/**
 * Workspace invitations and member administration: {@link WorkspaceMembers} always (the server-side API of
 * member changes with the role rules), the invitation flows while {@code auth.classic.enabled} is true (they
 * mail links and sign up with a password). Each backs off when the application defines its own. Imported by
 * {@link AuthCoreAutoConfiguration}; the routes are {@link AuthWebAutoConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
class AuthInvitationsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkspaceMembers authWorkspaceMembers(AuthDatabase database, WorkspaceService workspaces) {
		return new WorkspaceMembers(database, workspaces);
	}

	@Bean
	@ConditionalOnMissingBean
	InvitationStore authInvitationStore(AuthDatabase database) {
		return new InvitationStore(database);
	}

	@Bean
	@ConditionalOnMissingBean
	InvitationSettings authInvitationSettings(AuthProperties properties) {
		AuthProperties.Invitations invitations = properties.getInvitations();
		// auth.throttle.enabled=false turns off every limit, these included
		return new InvitationSettings(invitations.getTtl(), invitations.getLimitWindow(),
				invitations.getMaxPerInviter(), invitations.getMaxPerWorkspace(), invitations.getMaxPerRecipient(),
				properties.getThrottle().isEnabled());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(AuthLinks.class)
	@ConditionalOnBooleanProperty(name = "auth.classic.enabled", matchIfMissing = true)
	InvitationFlow authInvitationFlow(AuthDatabase database, InvitationStore invitations, WorkspaceService workspaces,
			UserStore accounts, TokenHasher hasher, MailDispatcher mail, AuthMailTemplates templates, AuthLinks links,
			AuditLog auditLog, InvitationSettings settings, Clock clock) {
		return new InvitationFlow(database, invitations, workspaces, accounts, hasher, new ThrottleStore(database),
				mail, templates, links, auditLog, settings, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "auth.classic.enabled", matchIfMissing = true)
	InvitationAcceptanceFlow authInvitationAcceptanceFlow(AuthDatabase database, InvitationStore invitations,
			UserStore accounts, WorkspaceService workspaces, SessionService sessions, TokenHasher hasher,
			PasswordHasher passwordHasher, PasswordPolicy passwordPolicy, AuditLog auditLog, Clock clock,
			ObjectProvider<MfaEnrolmentTokens> mfaEnrolments) {
		return new InvitationAcceptanceFlow(database, invitations, accounts, workspaces, sessions, hasher,
				passwordHasher, passwordPolicy, auditLog, clock, mfaEnrolments.getIfAvailable());
	}

}
