package dev.systemauth.test;

import java.util.UUID;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.systemauth.autoconfigure.security.AuthContextAuthenticationToken;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.tenant.AuthContext;

/**
 * MockMvc request post-processors that make a request arrive as a checked member of a workspace, as if its
 * access token and membership had been checked:
 *
 * <pre class="code">
 * mvc.perform(get("/app/projects").with(member(userId, workspaceId, "admin")))
 *     .andExpect(status().isOk());
 * </pre>
 *
 * The request carries the {@link AuthContext} as the request attribute that {@code @CurrentAuth} reads and
 * the workspace filter skips on, and the {@code x-workspace-id} header. With Spring Security on the classpath
 * it also carries an {@code AuthContextAuthenticationToken} in its security context, which the starter's
 * security filter chain honours and {@code @AuthenticationPrincipal AuthContext} and {@code @PreAuthorize}
 * read. Neither is something a remote client can send: a request attribute and a security context exist only
 * inside the server.
 */
public final class SystemAuthRequestPostProcessors {

	private static final boolean SPRING_SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContext",
			SystemAuthRequestPostProcessors.class.getClassLoader());

	private SystemAuthRequestPostProcessors() {
	}

	/**
	 * The request arrives as the given caller.
	 * @param context the caller
	 * @return the post-processor
	 */
	public static RequestPostProcessor authContext(AuthContext context) {
		Assert.notNull(context, "context must not be null");
		return (request) -> {
			request.setAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE, context);
			if (request.getHeader(WorkspaceAccessChecker.WORKSPACE_HEADER) == null) {
				request.addHeader(WorkspaceAccessChecker.WORKSPACE_HEADER, context.workspaceId().toString());
			}
			if (SPRING_SECURITY_PRESENT) {
				return SecurityContexts.authenticate(request, context);
			}
			return request;
		};
	}

	/**
	 * The request arrives as a member of a workspace.
	 * @param userId the user
	 * @param workspaceId the workspace
	 * @param role {@code owner}, {@code admin} or {@code member}, in any case
	 * @return the post-processor
	 */
	public static RequestPostProcessor member(UUID userId, UUID workspaceId, String role) {
		return authContext(Roles.context(userId, workspaceId, role));
	}

	/** Kept apart so that the class loads without Spring Security. */
	private static final class SecurityContexts {

		private static final boolean SPRING_SECURITY_TEST_PRESENT = ClassUtils.isPresent(
				"org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors",
				SecurityContexts.class.getClassLoader());

		static MockHttpServletRequest authenticate(MockHttpServletRequest request, AuthContext context) {
			AuthContextAuthenticationToken token = new AuthContextAuthenticationToken(context);
			if (SPRING_SECURITY_TEST_PRESENT) {
				return SecurityMockMvcRequestPostProcessors.authentication(token).postProcessRequest(request);
			}
			// without spring-security-test: where a stateless chain (the starter's) loads its context from
			SecurityContext securityContext = SecurityContextHolder.createEmptyContext();
			securityContext.setAuthentication(token);
			request.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME, securityContext);
			return request;
		}

	}

}
