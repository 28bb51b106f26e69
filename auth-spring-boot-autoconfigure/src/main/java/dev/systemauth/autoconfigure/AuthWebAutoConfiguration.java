package dev.systemauth.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.systemauth.autoconfigure.web.AccessCheckListener;
import dev.systemauth.autoconfigure.web.AuditInterceptor;
import dev.systemauth.autoconfigure.web.AuthBodyConverter;
import dev.systemauth.autoconfigure.web.AuthErrorResolvers;
import dev.systemauth.autoconfigure.web.AuthExceptionTranslator;
import dev.systemauth.autoconfigure.web.BodySizeLimitFilter;
import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.CurrentAuthArgumentResolver;
import dev.systemauth.autoconfigure.web.EmailVerificationController;
import dev.systemauth.autoconfigure.web.MagicLinkController;
import dev.systemauth.autoconfigure.web.OpenApiController;
import dev.systemauth.autoconfigure.web.PasswordResetController;
import dev.systemauth.autoconfigure.web.SessionsController;
import dev.systemauth.autoconfigure.web.SignInController;
import dev.systemauth.autoconfigure.web.SignupController;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.autoconfigure.web.WorkspaceFilter;
import dev.systemauth.autoconfigure.web.WorkspaceInterceptor;
import dev.systemauth.autoconfigure.web.WorkspaceSwitchController;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.EmailVerificationFlow;
import dev.systemauth.core.flow.InvitationAcceptanceFlow;
import dev.systemauth.core.flow.MagicLinkFlow;
import dev.systemauth.core.flow.PasswordResetFlow;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.SignupFlow;
import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenService;

/**
 * The HTTP side: the shared controllers (each capability flag removes its routes, so a disabled route is
 * the same 404 as one that never existed), the workspace filter, {@code @RequireWorkspace},
 * {@code @CurrentAuth}, {@code @Audited}, the body-size limit, and RFC 9457 problem responses.
 */
@AutoConfiguration(after = AuthCoreAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(AccessTokenService.class)
@Import(WorkspaceRoutesConfiguration.class)
public final class AuthWebAutoConfiguration {

	/** Order of the body-size filter: early, before anything reads the body. */
	public static final int BODY_SIZE_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	@Bean
	@ConditionalOnMissingBean
	ClientInfoResolver authClientInfoResolver(AuthProperties properties) {
		return new ClientInfoResolver(properties.getWeb().getTrustedProxies());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkspaceAccessChecker authWorkspaceAccessChecker(AccessTokenService accessTokens, WorkspaceService workspaces,
			AuditLog auditLog, ClientInfoResolver clients, ObjectProvider<AccessCheckListener> listeners) {
		List<AccessCheckListener> all = listeners.orderedStream().toList();
		AccessCheckListener listener = switch (all.size()) {
			case 0 -> AccessCheckListener.NONE;
			case 1 -> all.get(0);
			default -> (outcome, nanos) -> all.forEach((each) -> each.accessChecked(outcome, nanos));
		};
		return new WorkspaceAccessChecker(accessTokens, workspaces, auditLog, clients, listener);
	}

	@Bean
	@ConditionalOnMissingBean
	AuthExceptionTranslator authExceptionTranslator() {
		return new AuthExceptionTranslator();
	}

	/**
	 * The servlet workspace filter; it stands down (registered but disabled) when no path is protected, and
	 * when the starter's security filter chain exists, which then checks the protected paths itself.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "authWorkspaceFilter")
	FilterRegistrationBean<WorkspaceFilter> authWorkspaceFilter(WorkspaceAccessChecker checker,
			AuthProperties properties, BeanFactory beanFactory) {
		List<String> paths = properties.getWeb().getProtectedPaths();
		FilterRegistrationBean<WorkspaceFilter> registration = new FilterRegistrationBean<>(
				new WorkspaceFilter(checker, paths));
		registration.setName("authWorkspaceFilter");
		registration.setOrder(properties.getWeb().getFilterOrder());
		registration.setEnabled(!paths.isEmpty()
				&& !beanFactory.containsBean(AuthSecurityAutoConfiguration.SECURITY_FILTER_CHAIN_BEAN_NAME));
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "authBodySizeLimitFilter")
	FilterRegistrationBean<BodySizeLimitFilter> authBodySizeLimitFilter(AuthProperties properties) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(properties.getWeb().getBasePath(),
						properties.getWeb().getMaxBodySize().toBytes()));
		registration.setName("authBodySizeLimitFilter");
		registration.setOrder(BODY_SIZE_FILTER_ORDER);
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean(name = "authWebMvcConfigurer")
	WebMvcConfigurer authWebMvcConfigurer(WorkspaceAccessChecker checker, AuditLog auditLog,
			ClientInfoResolver clients, AuthProperties properties, AuthExceptionTranslator translator) {
		return new WebMvcConfigurer() {

			@Override
			public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
				builder.addCustomConverter(new AuthBodyConverter(properties.getWeb().getMaxBodySize().toBytes()));
			}

			@Override
			public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
				AuthErrorResolvers.addTo(resolvers, translator, properties.getWeb().getBasePath());
			}

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new WorkspaceInterceptor(checker)).order(Ordered.HIGHEST_PRECEDENCE + 10);
				registry.addInterceptor(new AuditInterceptor(auditLog, clients));
			}

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CurrentAuthArgumentResolver());
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SessionService.class)
	SessionsController sessionsController(SessionService sessions, WorkspaceAccessChecker access,
			ClientInfoResolver clients) {
		return new SessionsController(sessions, access, clients);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "auth.web.openapi.enabled")
	OpenApiController openApiController() {
		return new OpenApiController();
	}

	/**
	 * The routes of the classic flows, each controller over the one flow it calls, and present with it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClassicRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SignInFlow.class)
		SignInController signInController(SignInFlow flow, ClientInfoResolver clients) {
			return new SignInController(flow, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(EmailVerificationFlow.class)
		EmailVerificationController emailVerificationController(EmailVerificationFlow flow,
				ClientInfoResolver clients) {
			return new EmailVerificationController(flow, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(WorkspaceSwitchFlow.class)
		WorkspaceSwitchController workspaceSwitchController(WorkspaceSwitchFlow flow, ClientInfoResolver clients,
				WorkspaceAccessChecker access) {
			return new WorkspaceSwitchController(flow, clients, access);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(SignupFlow.class)
		@ConditionalOnBooleanProperty(name = "auth.classic.signup", matchIfMissing = true)
		SignupController signupController(SignupFlow flow, ClientInfoResolver clients,
				ObjectProvider<InvitationAcceptanceFlow> invitations, AuthProperties properties) {
			return new SignupController(flow, clients,
					properties.getWorkspaces().isHttpApi() ? invitations.getIfAvailable() : null);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PasswordResetFlow.class)
		@ConditionalOnBooleanProperty(name = "auth.classic.reset-password", matchIfMissing = true)
		PasswordResetController passwordResetController(PasswordResetFlow flow, ClientInfoResolver clients) {
			return new PasswordResetController(flow, clients);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MagicLinkFlow.class)
		@ConditionalOnBooleanProperty(name = "auth.classic.magic-link")
		MagicLinkController magicLinkController(MagicLinkFlow flow, ClientInfoResolver clients) {
			return new MagicLinkController(flow, clients);
		}

	}

}
