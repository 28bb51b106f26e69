package dev.systemauth.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.systemauth.autoconfigure.web.SignInController;
import dev.systemauth.autoconfigure.web.WorkspaceSwitchController;
import dev.systemauth.core.account.UserStore;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.flow.ClassicSettings;
import dev.systemauth.core.flow.SignInFlow;
import dev.systemauth.core.flow.WorkspaceSwitchFlow;
import dev.systemauth.core.jdbc.AuthDatabase;
import dev.systemauth.core.password.PasswordHasher;
import dev.systemauth.core.session.SessionService;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.throttle.AbuseGuard;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClassicFlowsConfiguration}: one bean per flow, each replaceable by the host's, and the route of a flow
 * present only with the flow.
 */
class ClassicFlowsConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, AuthCoreAutoConfiguration.class,
				AuthWebAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void contextWhenHostDefinesSignInFlowThenItIsUsedAndTheRoutesStay() {
		this.contextRunner.withUserConfiguration(HostSignInFlowConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(SignInFlow.class).hasBean("hostSignInFlow");
			assertThat(context).doesNotHaveBean("authSignInFlow");
			assertThat(context).hasSingleBean(SignInController.class);
		});
	}

	@Test
	void contextWhenClassicDisabledAndHostDefinesOneFlowThenOnlyItsRouteIsPresent() {
		this.contextRunner.withPropertyValues("auth.classic.enabled=false")
			.withUserConfiguration(HostWorkspaceSwitchFlowConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(WorkspaceSwitchFlow.class)
					.hasSingleBean(WorkspaceSwitchController.class)
					.doesNotHaveBean(SignInFlow.class)
					.doesNotHaveBean(SignInController.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class HostSignInFlowConfiguration {

		@Bean
		SignInFlow hostSignInFlow(UserStore accounts, WorkspaceService workspaces, SessionService sessions,
				PasswordHasher passwordHasher, AuditLog auditLog, ClassicSettings settings, AbuseGuard abuseGuard) {
			return new SignInFlow(accounts, workspaces, sessions, passwordHasher, auditLog, settings, abuseGuard);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HostWorkspaceSwitchFlowConfiguration {

		@Bean
		WorkspaceSwitchFlow hostWorkspaceSwitchFlow(AuthDatabase authDatabase, WorkspaceService workspaces,
				SessionService sessions, AuditLog auditLog) {
			return new WorkspaceSwitchFlow(authDatabase, workspaces, sessions, auditLog);
		}

	}

}
