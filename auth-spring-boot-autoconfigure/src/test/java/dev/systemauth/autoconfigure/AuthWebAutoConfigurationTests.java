package dev.systemauth.autoconfigure;

import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.systemauth.autoconfigure.web.BodySizeLimitFilter;
import dev.systemauth.autoconfigure.web.EmailVerificationController;
import dev.systemauth.autoconfigure.web.MagicLinkController;
import dev.systemauth.autoconfigure.web.OpenApiController;
import dev.systemauth.autoconfigure.web.PasswordResetController;
import dev.systemauth.autoconfigure.web.SignInController;
import dev.systemauth.autoconfigure.web.SignupController;
import dev.systemauth.autoconfigure.web.WorkspaceFilter;
import dev.systemauth.autoconfigure.web.WorkspaceSwitchController;
import dev.systemauth.autoconfigure.web.InvitationAcceptController;
import dev.systemauth.autoconfigure.web.InvitationSignupController;
import dev.systemauth.autoconfigure.web.InvitationsController;
import dev.systemauth.autoconfigure.web.WorkspaceMembersController;
import dev.systemauth.core.flow.InvitationFlow;
import dev.systemauth.core.tenant.WorkspaceMembers;
import dev.systemauth.core.flow.SignInFlow;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuthWebAutoConfiguration}: each capability flag adds or removes its controller, the workspace filter
 * is registered with its order and only enabled when paths are protected, and nothing of it exists outside a
 * servlet web application.
 */
class AuthWebAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void contextWhenDefaultsThenClassicControllersWithoutMagicLink() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SignInController.class)
				.hasSingleBean(EmailVerificationController.class)
				.hasSingleBean(WorkspaceSwitchController.class)
				.hasSingleBean(SignupController.class)
				.hasSingleBean(PasswordResetController.class)
				.doesNotHaveBean(MagicLinkController.class);
		});
	}

	@Test
	void contextWhenDefaultsThenRoutesMappedUnderBasePath() {
		this.contextRunner.run((context) -> assertThat(mappedPaths(context)).contains("/auth/signup")
			.noneMatch((path) -> path.contains("magic-link")));
	}

	@Test
	void contextWhenBasePathSetThenRoutesMappedUnderIt() {
		this.contextRunner.withPropertyValues("auth.web.base-path=/identity")
			.run((context) -> assertThat(mappedPaths(context)).contains("/identity/signup")
				.noneMatch((path) -> path.startsWith("/auth/")));
	}

	@Test
	void contextWhenSignupDisabledThenNoSignupController() {
		this.contextRunner.withPropertyValues("auth.classic.signup=false", "auth.workspaces.http-api=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SignupController.class);
				assertThat(context).hasSingleBean(SignInController.class);
				assertThat(mappedPaths(context)).doesNotContain("/auth/signup");
			});
		// with invitations served, the path stays for invitation signups only (InviteOnlySignupTests)
		this.contextRunner.withPropertyValues("auth.classic.signup=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SignupController.class);
			assertThat(context).hasSingleBean(InvitationSignupController.class);
		});
	}

	@Test
	void contextWhenResetPasswordDisabledThenNoPasswordResetController() {
		this.contextRunner.withPropertyValues("auth.classic.reset-password=false").run((context) -> {
			assertThat(context).doesNotHaveBean(PasswordResetController.class);
			assertThat(context).hasSingleBean(SignInController.class).hasSingleBean(SignupController.class);
			assertThat(mappedPaths(context)).doesNotContain("/auth/forgot-password", "/auth/reset-password")
				.contains("/auth/login");
		});
	}

	@Test
	void contextWhenMagicLinkEnabledThenMagicLinkController() {
		this.contextRunner.withPropertyValues("auth.classic.magic-link=true").run((context) -> {
			assertThat(context).hasSingleBean(MagicLinkController.class);
			assertThat(mappedPaths(context)).anyMatch((path) -> path.startsWith("/auth/magic-link"));
		});
	}

	@Test
	void contextWhenOpenApiNotEnabledThenNoOpenApiRoute() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(OpenApiController.class);
			assertThat(mappedPaths(context)).doesNotContain("/auth/openapi.yaml");
		});
	}

	@Test
	void contextWhenOpenApiEnabledThenOpenApiRouteUnderBasePath() {
		this.contextRunner.withPropertyValues("auth.web.openapi.enabled=true", "auth.web.base-path=/identity")
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenApiController.class);
				assertThat(mappedPaths(context)).contains("/identity/openapi.yaml");
			});
	}

	@Test
	void contextWhenDefaultsThenWorkspaceRoutesAndNoInviteOnlySignupRoute() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WorkspaceMembersController.class)
				.hasSingleBean(InvitationsController.class)
				.hasSingleBean(InvitationAcceptController.class)
				.doesNotHaveBean(InvitationSignupController.class);
		});
	}

	@Test
	void contextWhenWorkspacesHttpApiOffThenNoWorkspaceRoutesButTheServerSideApi() {
		this.contextRunner.withPropertyValues("auth.workspaces.http-api=false", "auth.classic.signup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(WorkspaceMembers.class)
					.hasSingleBean(InvitationFlow.class)
					.doesNotHaveBean(WorkspaceMembersController.class)
					.doesNotHaveBean(InvitationsController.class)
					.doesNotHaveBean(InvitationAcceptController.class)
					.doesNotHaveBean(InvitationSignupController.class)
					.doesNotHaveBean(SignupController.class);
			});
	}

	@Test
	void contextWhenInvitationSettingsOutOfRangeThenStartupFailsNamingTheProperty() {
		for (String property : new String[] { "auth.invitations.ttl=0s", "auth.invitations.limit-window=-1s",
				"auth.invitations.max-per-inviter=0", "auth.invitations.max-per-workspace=0",
				"auth.invitations.max-per-recipient=0" }) {
			this.contextRunner.withPropertyValues(property).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining(property.substring(0,
						property.indexOf('=')));
			});
		}
	}

	@Test
	void contextWhenPublicSignupOffThenInviteOnlySignupRoute() {
		this.contextRunner.withPropertyValues("auth.classic.signup=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(InvitationSignupController.class).doesNotHaveBean(SignupController.class);
		});
	}

	@Test
	void contextWhenClassicDisabledThenNoClassicControllers() {
		this.contextRunner.withPropertyValues("auth.classic.enabled=false", "auth.classic.magic-link=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(SignInFlow.class)
					.doesNotHaveBean(SignInController.class)
					.doesNotHaveBean(EmailVerificationController.class)
					.doesNotHaveBean(WorkspaceSwitchController.class)
					.doesNotHaveBean(SignupController.class)
					.doesNotHaveBean(PasswordResetController.class)
					.doesNotHaveBean(MagicLinkController.class)
					.doesNotHaveBean(InvitationsController.class)
					.doesNotHaveBean(InvitationAcceptController.class);
				// the sessions routes serve every sign-in method, so they stay (sessions may be started server-side),
				// and so do the member routes (members may be added server-side)
				assertThat(mappedPaths(context)).filteredOn((path) -> path.startsWith("/auth/"))
					.containsExactlyInAnyOrder("/auth/sessions", "/auth/sessions/{id}", "/auth/logout-all",
							"/auth/workspaces/{workspaceId}/members", "/auth/workspaces/{workspaceId}/members/{userId}");
			});
	}

	@Test
	void contextWhenNoProtectedPathsThenWorkspaceFilterRegistrationDisabled() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("authWorkspaceFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(WorkspaceFilter.class);
			assertThat(registration.isEnabled()).isFalse();
		});
	}

	@Test
	void contextWhenProtectedPathsSetThenWorkspaceFilterEnabledWithOrder() {
		this.contextRunner.withPropertyValues("auth.web.protected-paths=/api/**").run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("authWorkspaceFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(WorkspaceFilter.class);
			assertThat(registration.isEnabled()).isTrue();
			assertThat(registration.getOrder()).isEqualTo(-50);
		});
	}

	@Test
	void contextWhenFilterOrderSetThenWorkspaceFilterUsesIt() {
		this.contextRunner.withPropertyValues("auth.web.protected-paths=/api/**", "auth.web.filter-order=-150")
			.run((context) -> assertThat(context.getBean("authWorkspaceFilter", FilterRegistrationBean.class).getOrder())
				.isEqualTo(-150));
	}

	@Test
	void contextWhenDefaultsThenBodySizeFilterRegisteredFirst() {
		this.contextRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("authBodySizeLimitFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(BodySizeLimitFilter.class);
			assertThat(registration.isEnabled()).isTrue();
			assertThat(registration.getOrder()).isEqualTo(AuthWebAutoConfiguration.BODY_SIZE_FILTER_ORDER);
		});
	}

	@Test
	void contextWhenNotWebApplicationThenNoControllersOrFilters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(VALID_PROPERTIES)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(SignInFlow.class)
					.doesNotHaveBean(SignInController.class)
					.doesNotHaveBean(EmailVerificationController.class)
					.doesNotHaveBean(WorkspaceSwitchController.class)
					.doesNotHaveBean(SignupController.class)
					.doesNotHaveBean(PasswordResetController.class)
					.doesNotHaveBean(MagicLinkController.class)
					.doesNotHaveBean(FilterRegistrationBean.class);
			});
	}

	private static Set<String> mappedPaths(ApplicationContext context) {
		return context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getHandlerMethods()
			.keySet()
			.stream()
			.flatMap((info) -> info.getPatternValues().stream())
			.collect(Collectors.toSet());
	}

}
