package dev.systemauth.test;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import dev.systemauth.autoconfigure.web.CurrentAuthArgumentResolver;
import dev.systemauth.autoconfigure.web.WorkspaceFilter;
import dev.systemauth.core.tenant.AuthContext;

import static dev.systemauth.test.SystemAuthRequestPostProcessors.authContext;
import static dev.systemauth.test.SystemAuthRequestPostProcessors.member;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The post-processor in a host without Spring Security: the starter's {@link WorkspaceFilter} on the
 * protected paths and {@code @CurrentAuth}, in real Spring MVC.
 */
class WorkspaceFilterShapeTests {

	private final TestApp.Services services = TestApp.Services.mocks();

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TestApp.PlainController())
		.setCustomArgumentResolvers(new CurrentAuthArgumentResolver())
		.addFilters(new WorkspaceFilter(this.services.checker(), List.of("/app/**")))
		.build();

	@AfterEach
	void noDatabase() {
		verifyNoInteractions(this.services.accessTokens(), this.services.workspaces(), this.services.auditLog());
	}

	@Test
	void currentAuthWhenMemberPostProcessorThenHandlerSeesIt() throws Exception {
		UUID userId = UUID.randomUUID();
		UUID workspaceId = UUID.randomUUID();
		this.mvc.perform(get("/app/current").with(member(userId, workspaceId, "ADMIN")))
			.andExpect(status().isOk())
			.andExpect(content().string(userId + " " + workspaceId + " admin"));
	}

	@Test
	void currentAuthWhenAuthContextPostProcessorThenHandlerSeesIt() throws Exception {
		AuthContext context = new AuthContext(UUID.randomUUID(), UUID.randomUUID(), "owner");
		this.mvc.perform(get("/app/current").with(authContext(context)))
			.andExpect(status().isOk())
			.andExpect(content().string(context.userId() + " " + context.workspaceId() + " owner"));
	}

	@Test
	void protectedPathWhenNoPostProcessorThenUnauthorized() throws Exception {
		this.mvc.perform(get("/app/current").header("x-workspace-id", UUID.randomUUID().toString()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("invalid_token"));
	}

	@Test
	void memberWhenRoleUnknownThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> member(UUID.randomUUID(), UUID.randomUUID(), "root"))
			.withMessageContaining("OWNER, ADMIN or MEMBER");
	}

}
