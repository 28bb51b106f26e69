package dev.systemauth.autoconfigure.security;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.systemauth.autoconfigure.web.ClientInfoResolver;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.tenant.AuthContext;
import dev.systemauth.core.tenant.WorkspaceService;
import dev.systemauth.core.token.AccessTokenService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The filter's one way past the token check, a pre-authenticated {@link AuthContextAuthenticationToken} in
 * the security context (which only the application can put there), and that nothing a client sends opens it.
 */
class AuthContextAuthenticationFilterTests {

	private static final String WORKSPACE_ID = "0b7e2d5a-3c4f-4e0b-8d55-2a7c9e1f4b02";

	private final AccessTokenService accessTokens = mock(AccessTokenService.class);

	private final WorkspaceService workspaces = mock(WorkspaceService.class);

	private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private final AuthContextAuthenticationFilter filter = filter();

	private final MockFilterChain chain = new MockFilterChain();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@AfterEach
	void clear() {
		this.strategy.clearContext();
	}

	@Test
	void protectedPathWhenBearerlessClientThenUnauthorized() throws Exception {
		MockHttpServletRequest request = clientRequest();
		this.filter.doFilter(request, this.response, this.chain);
		assertRefused(request);
	}

	@Test
	void protectedPathWhenClientSendsContextNamesThenUnauthorized() throws Exception {
		// what a client can send: headers and parameters, whatever their names, never a request attribute
		MockHttpServletRequest request = clientRequest();
		request.addHeader(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE, "owner");
		request.addParameter(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE, "owner");
		request.addHeader("Authorization", "Basic b3duZXI6b3duZXI=");
		this.filter.doFilter(request, this.response, this.chain);
		assertRefused(request);
	}

	@Test
	void protectedPathWhenAnonymousAuthenticationThenUnauthorized() throws Exception {
		authenticate(new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		MockHttpServletRequest request = clientRequest();
		this.filter.doFilter(request, this.response, this.chain);
		assertRefused(request);
	}

	@Test
	void protectedPathWhenHostLoginAuthenticationThenUnauthorized() throws Exception {
		// a host's own login (basic, form) grants nothing on the protected paths, whatever its roles
		authenticate(UsernamePasswordAuthenticationToken.authenticated("owner", null,
				AuthorityUtils.createAuthorityList("ROLE_OWNER")));
		MockHttpServletRequest request = clientRequest();
		this.filter.doFilter(request, this.response, this.chain);
		assertRefused(request);
	}

	@Test
	void protectedPathWhenUnauthenticatedAuthContextTokenThenUnauthorized() throws Exception {
		AuthContextAuthenticationToken token = new AuthContextAuthenticationToken(
				new AuthContext(UUID.randomUUID(), UUID.fromString(WORKSPACE_ID), "owner"));
		token.setAuthenticated(false);
		authenticate(token);
		MockHttpServletRequest request = clientRequest();
		this.filter.doFilter(request, this.response, this.chain);
		assertRefused(request);
	}

	@Test
	void protectedPathWhenPreAuthenticatedAuthContextTokenThenPassesWithoutDatabase() throws Exception {
		AuthContext caller = new AuthContext(UUID.randomUUID(), UUID.fromString(WORKSPACE_ID), "admin");
		authenticate(new AuthContextAuthenticationToken(caller));
		MockHttpServletRequest request = clientRequest();
		this.filter.doFilter(request, this.response, this.chain);
		assertThat(this.chain.getRequest()).isSameAs(request);
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(request.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE)).isEqualTo(caller);
		verifyNoInteractions(this.accessTokens, this.workspaces);
	}

	private void assertRefused(MockHttpServletRequest request) throws Exception {
		assertThat(this.chain.getRequest()).isNull();
		assertThat(this.response.getStatus()).isEqualTo(401);
		assertThat(this.response.getContentAsString()).contains("invalid_token");
		assertThat(request.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE)).isNull();
		verifyNoInteractions(this.accessTokens, this.workspaces);
	}

	private void authenticate(Authentication authentication) {
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(authentication);
		this.strategy.setContext(context);
	}

	private static MockHttpServletRequest clientRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/app/projects");
		request.addHeader(WorkspaceAccessChecker.WORKSPACE_HEADER, WORKSPACE_ID);
		return request;
	}

	private AuthContextAuthenticationFilter filter() {
		WorkspaceAccessChecker checker = new WorkspaceAccessChecker(this.accessTokens, this.workspaces,
				mock(AuditLog.class), new ClientInfoResolver(List.of()));
		AuthContextAuthenticationFilter filter = new AuthContextAuthenticationFilter(checker,
				(request) -> request.getRequestURI().startsWith("/app/"));
		filter.setSecurityContextHolderStrategy(this.strategy);
		return filter;
	}

}
