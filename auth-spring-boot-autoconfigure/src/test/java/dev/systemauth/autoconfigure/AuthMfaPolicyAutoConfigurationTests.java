package dev.systemauth.autoconfigure;

import java.util.Base64;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import dev.systemauth.autoconfigure.mfa.AuthMfaAutoConfiguration;
import dev.systemauth.autoconfigure.web.PolicyEnrolmentController;
import dev.systemauth.autoconfigure.web.WorkspacePolicyController;
import dev.systemauth.core.flow.MfaEnrolmentTokens;
import dev.systemauth.core.flow.MfaPolicy;
import dev.systemauth.core.flow.PolicyEnrolmentFlow;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace MFA policy's wiring: nothing without {@code auth.mfa.enabled} (the routes are absent and no
 * flow checks the policy), everything with it, and the workspace routes only while
 * {@code auth.workspaces.http-api} is on.
 */
class AuthMfaPolicyAutoConfigurationTests {

	private static final String KEY = Base64.getEncoder().encodeToString(keyBytes());

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				AuthMfaAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void contextWhenMfaOffThenNoPolicyBeansOrRoutes() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MfaPolicy.class)
			.doesNotHaveBean(MfaEnrolmentTokens.class)
			.doesNotHaveBean(PolicyEnrolmentFlow.class)
			.doesNotHaveBean(PolicyEnrolmentController.class)
			.doesNotHaveBean(WorkspacePolicyController.class));
	}

	@Test
	void contextWhenMfaOnThenPolicyFlowsAndRoutes() {
		this.contextRunner.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + KEY)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MfaPolicy.class)
				.hasSingleBean(MfaEnrolmentTokens.class)
				.hasSingleBean(PolicyEnrolmentFlow.class)
				.hasSingleBean(PolicyEnrolmentController.class)
				.hasSingleBean(WorkspacePolicyController.class));
	}

	@Test
	void contextWhenWorkspaceHttpApiOffThenNoWorkspaceRouteButTheEnrolmentRoutesStay() {
		this.contextRunner
			.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + KEY,
					"auth.workspaces.http-api=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(MfaPolicy.class)
				.hasSingleBean(PolicyEnrolmentController.class)
				.doesNotHaveBean(WorkspacePolicyController.class));
	}

	private static byte[] keyBytes() {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (7 * 31 + i * 29);
		}
		return key;
	}

}
