package dev.systemauth.autoconfigure.mfa;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import dev.systemauth.autoconfigure.AuthCoreAutoConfiguration;
import dev.systemauth.autoconfigure.AuthWebAutoConfiguration;
import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.MfaEnrolmentController;
import dev.systemauth.autoconfigure.web.MfaVerificationController;
import dev.systemauth.autoconfigure.web.PolicyEnrolmentController;
import dev.systemauth.autoconfigure.web.WorkspacePolicyController;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.MfaChallenges;
import dev.systemauth.core.flow.MfaEnrolmentFlow;
import dev.systemauth.core.flow.MfaEnrolmentTokens;
import dev.systemauth.core.flow.MfaPolicy;
import dev.systemauth.core.flow.MfaSettings;
import dev.systemauth.core.flow.MfaStores;
import dev.systemauth.core.flow.MfaVerificationFlow;
import dev.systemauth.core.flow.PolicyEnrolmentFlow;
import dev.systemauth.core.flow.SecondFactorMethods;
import dev.systemauth.core.flow.SignInCompletion;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.mfa.MfaChallengeStore;
import dev.systemauth.core.mfa.MfaEnrolmentTokenStore;
import dev.systemauth.core.mfa.RecoveryCodeStore;
import dev.systemauth.core.mfa.Totp;
import dev.systemauth.core.mfa.TotpStore;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.throttle.ThrottleStore;
import dev.systemauth.core.token.TokenHasher;

/**
 * The second factor, present only when {@code auth.mfa.enabled} is true (off by default: it needs
 * {@code auth.mfa.encryption-key}, and start-up fails naming that property when it is missing or weak). Its
 * {@link SignInCompletion} is what the sign-in flows end in, so password, magic-link and provider sign-ins
 * of enrolled users answer with the MFA challenge; without this configuration they start sessions directly.
 */
@AutoConfiguration(after = { AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class })
@ConditionalOnBean(SessionService.class)
@ConditionalOnBooleanProperty("auth.mfa.enabled")
@EnableConfigurationProperties(AuthMfaProperties.class)
public final class AuthMfaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MfaSettings authMfaSettings(AuthMfaProperties properties,
			@Value("${spring.application.name:}") String applicationName) {
		return MfaSettingsLoader.settings(properties, applicationName);
	}

	@Bean
	@ConditionalOnMissingBean
	MfaStores authMfaStores(AuthMfaProperties properties, AuthDatabase database, TokenHasher hasher) {
		return new MfaStores(new TotpStore(database), new RecoveryCodeStore(database), new MfaChallengeStore(database),
				MfaSettingsLoader.cipher(properties), new Totp(), hasher);
	}

	@Bean
	@ConditionalOnMissingBean
	SignInCompletion authSignInCompletion(SessionService sessions, MfaStores stores, AuditLog auditLog,
			AuthDatabase database, MfaSettings settings, Clock clock, MfaEnrolmentTokens enrolments,
			ObjectProvider<SecondFactorMethods> additionalMethods) {
		return new SignInCompletion(sessions, new MfaChallenges(stores.totp(), stores.challenges(), stores.hasher(),
				auditLog, new ThrottleStore(database), settings, clock,
				additionalMethods.getIfAvailable(() -> SecondFactorMethods.NONE)), enrolments);
	}

	@Bean
	@ConditionalOnMissingBean
	MfaEnrolmentFlow authMfaEnrolmentFlow(AuthDatabase database, UserStore accounts, MfaStores stores,
			AuditLog auditLog, AbuseGuard abuseGuard, MfaSettings settings, Clock clock, MfaPolicy policy) {
		return new MfaEnrolmentFlow(database, accounts, stores, auditLog, abuseGuard, settings, clock, policy);
	}

	// mfa policy: begin
	@Bean
	@ConditionalOnMissingBean
	MfaPolicy authMfaPolicy(AuthDatabase database, WorkspaceService workspaces, MfaStores stores) {
		return new MfaPolicy(database, workspaces, stores.totp());
	}

	@Bean
	@ConditionalOnMissingBean
	MfaEnrolmentTokens authMfaEnrolmentTokens(AuthDatabase database, MfaPolicy policy, MfaStores stores,
			AuditLog auditLog, Clock clock) {
		return new MfaEnrolmentTokens(database, policy, new MfaEnrolmentTokenStore(database), stores.hasher(),
				auditLog, new ThrottleStore(database), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	PolicyEnrolmentFlow authPolicyEnrolmentFlow(AuthDatabase database, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, MfaEnrolmentFlow enrolment, MfaStores stores,
			AuditLog auditLog, AbuseGuard abuseGuard, MfaSettings settings, Clock clock) {
		return new PolicyEnrolmentFlow(database, accounts, workspaces, sessions, enrolment,
				new MfaEnrolmentTokenStore(database), stores, auditLog, abuseGuard, settings, clock);
	}
	// mfa policy: end

	@Bean
	@ConditionalOnMissingBean
	MfaVerificationFlow authMfaVerificationFlow(AuthDatabase database, UserStore accounts,
			WorkspaceService workspaces, SessionService sessions, MfaStores stores, AuditLog auditLog,
			AbuseGuard abuseGuard, MfaSettings settings, Clock clock) {
		return new MfaVerificationFlow(database, accounts, workspaces, sessions, stores, auditLog, abuseGuard,
				settings, clock);
	}

	/**
	 * The routes, one controller per flow.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	@ConditionalOnBean(ClientInfoResolver.class)
	static class MfaRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MfaEnrolmentController mfaEnrolmentController(MfaEnrolmentFlow flow, WorkspaceAccessChecker access,
				ClientInfoResolver clients) {
			return new MfaEnrolmentController(flow, access, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		MfaVerificationController mfaVerificationController(MfaVerificationFlow flow, ClientInfoResolver clients) {
			return new MfaVerificationController(flow, clients);
		}

		// mfa policy: begin
		@Bean
		@ConditionalOnMissingBean
		PolicyEnrolmentController policyEnrolmentController(PolicyEnrolmentFlow flow, ClientInfoResolver clients) {
			return new PolicyEnrolmentController(flow, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "auth.workspaces.http-api", matchIfMissing = true)
		WorkspacePolicyController workspacePolicyController(MfaPolicy policy, WorkspaceAccessChecker access,
				ClientInfoResolver clients) {
			return new WorkspacePolicyController(policy, access, clients);
		}
		// mfa policy: end

	}

}
