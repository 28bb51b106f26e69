package dev.systemauth.autoconfigure.passkey;

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
import dev.systemauth.autoconfigure.mfa.AuthMfaAutoConfiguration;
import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.PasskeyRegistrationController;
import dev.systemauth.autoconfigure.web.PasskeySignInController;
import dev.systemauth.autoconfigure.web.PasskeysController;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.MfaEnrolmentTokens;
import dev.systemauth.core.flow.MfaSettings;
import dev.systemauth.core.flow.MfaStores;
import dev.systemauth.core.flow.PasskeyManagementFlow;
import dev.systemauth.core.flow.PasskeyRegistrationFlow;
import dev.systemauth.core.flow.PasskeySignInFlow;
import dev.systemauth.core.flow.PasskeyStores;
import dev.systemauth.core.flow.SecondFactorMethods;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.passkey.PasskeyChallengeStore;
import dev.systemauth.core.passkey.PasskeyCredentialStore;
import dev.systemauth.core.passkey.PasskeySettings;
import dev.systemauth.core.passkey.WebAuthnCeremonies;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;
import dev.systemauth.core.token.TokenHasher;

import java.util.List;

/**
 * Passkeys (WebAuthn), present only when {@code auth.passkeys.enabled} is true (off by default: they need
 * {@code auth.passkeys.rp-id} and {@code auth.passkeys.origins}, and start-up fails naming the property when
 * either is missing or they do not fit together). With MFA on too, a user with a passkey sees
 * {@code passkey} among the {@code methods} of the MFA challenge and can complete it with one.
 */
@AutoConfiguration(after = { AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
		AuthMfaAutoConfiguration.class })
@ConditionalOnBean(SessionService.class)
@ConditionalOnBooleanProperty("auth.passkeys.enabled")
@EnableConfigurationProperties(AuthPasskeyProperties.class)
public final class AuthPasskeyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PasskeySettings authPasskeySettings(AuthPasskeyProperties properties,
			@Value("${spring.application.name:}") String applicationName) {
		return PasskeySettingsLoader.settings(properties, applicationName);
	}

	@Bean
	@ConditionalOnMissingBean
	PasskeyStores authPasskeyStores(PasskeySettings settings, AuthDatabase database, TokenHasher hasher) {
		return new PasskeyStores(new PasskeyCredentialStore(database), new PasskeyChallengeStore(database),
				new WebAuthnCeremonies(settings), hasher);
	}

	/** Lists {@code passkey} in the methods of an MFA challenge for users who have one. */
	@Bean
	@ConditionalOnMissingBean
	SecondFactorMethods authPasskeySecondFactorMethods(PasskeyStores stores) {
		return (userId) -> stores.credentials().existsForUser(userId) ? List.of("passkey") : List.of();
	}

	@Bean
	@ConditionalOnMissingBean
	PasskeyRegistrationFlow authPasskeyRegistrationFlow(AuthDatabase database, UserStore accounts,
			PasskeyStores stores, AuditLog auditLog, Clock clock) {
		return new PasskeyRegistrationFlow(database, accounts, stores, auditLog, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	PasskeySignInFlow authPasskeySignInFlow(AuthDatabase database, UserStore accounts, WorkspaceService workspaces,
			SessionService sessions, PasskeyStores stores, AuditLog auditLog, AbuseGuard abuseGuard,
			ClassicSettings classic, ObjectProvider<MfaStores> mfa, ObjectProvider<MfaSettings> mfaSettings,
			ObjectProvider<MfaEnrolmentTokens> enrolments, Clock clock) {
		return new PasskeySignInFlow(database, accounts, workspaces, sessions, stores, auditLog, abuseGuard, classic,
				mfa.getIfAvailable(), mfaSettings.getIfAvailable(), enrolments.getIfAvailable(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	PasskeyManagementFlow authPasskeyManagementFlow(AuthDatabase database, PasskeyStores stores, AuditLog auditLog) {
		return new PasskeyManagementFlow(database, stores, auditLog);
	}

	/**
	 * The routes, one controller per flow.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(DispatcherServlet.class)
	@ConditionalOnBean(ClientInfoResolver.class)
	static class PasskeyRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PasskeyRegistrationController passkeyRegistrationController(PasskeyRegistrationFlow flow,
				WorkspaceAccessChecker access, ClientInfoResolver clients) {
			return new PasskeyRegistrationController(flow, access, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		PasskeySignInController passkeySignInController(PasskeySignInFlow flow, ClientInfoResolver clients) {
			return new PasskeySignInController(flow, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		PasskeysController passkeysController(PasskeyManagementFlow flow, WorkspaceAccessChecker access,
				ClientInfoResolver clients) {
			return new PasskeysController(flow, access, clients);
		}

	}

}
