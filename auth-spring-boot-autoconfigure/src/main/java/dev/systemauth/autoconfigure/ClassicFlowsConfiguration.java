package dev.systemauth.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.AccountRegistration;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.EmailVerificationFlow;
import dev.systemauth.core.flow.MagicLinkFlow;
import dev.systemauth.core.flow.PasswordResetFlow;
import dev.systemauth.core.flow.MfaPolicy;
import dev.systemauth.core.flow.SignInCompletion;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mail.AuthLinks;
import dev.systemauth.core.mail.AuthMailTemplates;
import dev.systemauth.core.mail.MailDispatcher;
import dev.systemauth.core.onetime.OneTimeTokenStore;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.password.PasswordPolicy;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.TokenHasher;

/**
 * The classic (email and password) flows, one bean per flow, present while {@code auth.classic.enabled} is
 * true (the default). Each backs off when the application defines its own; the routes of
 * {@link AuthWebAutoConfiguration} each call one of them. Imported by {@link AuthCoreAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "auth.classic.enabled", matchIfMissing = true)
class ClassicFlowsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SignInFlow authSignInFlow(UserStore accounts, WorkspaceService workspaces, SessionService sessions,
			PasswordHasher passwordHasher, AuditLog auditLog, ClassicSettings settings, AbuseGuard abuseGuard,
			ObjectProvider<SignInCompletion> completion) {
		return new SignInFlow(accounts, workspaces, sessions, passwordHasher, auditLog, settings, abuseGuard,
				completion.getIfAvailable(() -> SignInCompletion.sessionsOnly(sessions)));
	}

	@Bean
	@ConditionalOnMissingBean
	SignupFlow authSignupFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, OneTimeTokenStore oneTimeTokens, TokenHasher hasher,
			PasswordHasher passwordHasher, PasswordPolicy passwordPolicy, AuditLog auditLog,
			MailDispatcher mailDispatcher, AuthMailTemplates templates, AuthLinks links, ClassicSettings settings,
			Clock clock) {
		return new SignupFlow(database, new AccountRegistration(accounts, workspaces, auditLog), sessions,
				oneTimeTokens, hasher, passwordHasher, passwordPolicy, mailDispatcher, templates, links, settings,
				clock);
	}

	@Bean
	@ConditionalOnMissingBean
	EmailVerificationFlow authEmailVerificationFlow(AuthDatabase database, UserStore accounts,
			OneTimeTokenStore oneTimeTokens, TokenHasher hasher, AuditLog auditLog, MailDispatcher mailDispatcher,
			AuthMailTemplates templates, AuthLinks links, ClassicSettings settings, AbuseGuard abuseGuard,
			Clock clock) {
		return new EmailVerificationFlow(database, accounts, oneTimeTokens, hasher, auditLog, mailDispatcher,
				templates, links, settings, abuseGuard, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	PasswordResetFlow authPasswordResetFlow(AuthDatabase database, UserStore accounts,
			OneTimeTokenStore oneTimeTokens, TokenHasher hasher, SessionService sessions,
			PasswordHasher passwordHasher, PasswordPolicy passwordPolicy, AuditLog auditLog,
			MailDispatcher mailDispatcher, AuthMailTemplates templates, AuthLinks links, ClassicSettings settings,
			AbuseGuard abuseGuard, Clock clock) {
		return new PasswordResetFlow(database, accounts, oneTimeTokens, hasher, sessions, passwordHasher,
				passwordPolicy, auditLog, mailDispatcher, templates, links, settings, abuseGuard, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	MagicLinkFlow authMagicLinkFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, OneTimeTokenStore oneTimeTokens, TokenHasher hasher, AuditLog auditLog,
			MailDispatcher mailDispatcher, AuthMailTemplates templates, AuthLinks links, ClassicSettings settings,
			AbuseGuard abuseGuard, Clock clock, ObjectProvider<SignInCompletion> completion) {
		return new MagicLinkFlow(database, accounts, workspaces, sessions, oneTimeTokens, hasher, auditLog,
				mailDispatcher, templates, links, settings, abuseGuard, clock,
				completion.getIfAvailable(() -> SignInCompletion.sessionsOnly(sessions)));
	}

	@Bean
	@ConditionalOnMissingBean
	WorkspaceSwitchFlow authWorkspaceSwitchFlow(AuthDatabase database, WorkspaceService workspaces,
			SessionService sessions, AuditLog auditLog, ObjectProvider<MfaPolicy> mfaPolicy) {
		return new WorkspaceSwitchFlow(database, workspaces, sessions, auditLog, mfaPolicy.getIfAvailable());
	}

}
