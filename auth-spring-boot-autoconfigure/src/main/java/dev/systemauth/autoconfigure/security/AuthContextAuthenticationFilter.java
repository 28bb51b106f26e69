package dev.systemauth.autoconfigure.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.systemauth.autoconfigure.web.AccessFailures;
import dev.systemauth.autoconfigure.web.WorkspaceAccessChecker;
import dev.systemauth.core.tenant.AuthContext;

/**
 * The workspace check of a protected path inside a security filter chain: the same
 * {@link WorkspaceAccessChecker#check} as the servlet filter, in the same order and with the same problem
 * answers (401 {@code invalid_token}, 400 {@code workspace_required}, 403 {@code workspace_mismatch}, 403
 * {@code membership_inactive}, 503 when the membership cannot be checked), and on success an
 * {@link AuthContextAuthenticationToken} in the {@link SecurityContext}. The context is kept for this request
 * only (a request attribute, never the HTTP session), so an error dispatch of the same request sees it and
 * nothing outlives it. It sits after the chain's {@code ExceptionTranslationFilter} and answers an access
 * denial further down (a {@code @PreAuthorize} that fails, {@code AuthorizationDeniedException}) with 403
 * {@code access_denied} itself, so the chain's own entry points and handlers never see the protected paths.
 * Requests outside the protected paths pass untouched, and so does a request whose security context already
 * holds an authenticated {@link AuthContextAuthenticationToken} (put there by a test): its caller becomes the
 * request's {@code @CurrentAuth} without a token or a database round trip.
 */
final class AuthContextAuthenticationFilter extends OncePerRequestFilter {

	private final WorkspaceAccessChecker checker;

	private final RequestMatcher protectedPaths;

	private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

	private final AuthProblemHandler problems = new AuthProblemHandler();

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	AuthContextAuthenticationFilter(WorkspaceAccessChecker checker, RequestMatcher protectedPaths) {
		Assert.notNull(checker, "checker must not be null");
		Assert.notNull(protectedPaths, "protectedPaths must not be null");
		this.checker = checker;
		this.protectedPaths = protectedPaths;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		Assert.notNull(strategy, "strategy must not be null");
		this.strategy = strategy;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.protectedPaths.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		AuthContext preAuthenticated = preAuthenticated();
		if (preAuthenticated != null) {
			request.setAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE, preAuthenticated);
		}
		else {
			AuthContext caller = AccessFailures.check(this.checker, request, response);
			if (caller == null) {
				return;
			}
			SecurityContext context = this.strategy.createEmptyContext();
			context.setAuthentication(new AuthContextAuthenticationToken(caller));
			this.strategy.setContext(context);
			this.repository.saveContext(context, request, response);
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (response.isCommitted() || !isAccessDenied(ex)) {
				throw ex;
			}
			this.problems.handle(request, response, accessDenied(ex));
		}
	}

	/**
	 * The caller when the security context already holds an authenticated
	 * {@link AuthContextAuthenticationToken}: only this filter creates one from a request, so it is there only
	 * when the application (a test with {@code @WithAuthContext}) put it there, never because of anything a
	 * client sent. Any other authentication (anonymous, a host's login) does not count.
	 */
	private @Nullable AuthContext preAuthenticated() {
		Authentication current = this.strategy.getContext().getAuthentication();
		if (current instanceof AuthContextAuthenticationToken token && token.isAuthenticated()) {
			return token.getPrincipal();
		}
		return null;
	}

	private static boolean isAccessDenied(Throwable ex) {
		return accessDenied(ex) != null;
	}

	/** The {@link AccessDeniedException} in a failure's cause chain (Spring MVC wraps it in a ServletException). */
	private static @Nullable AccessDeniedException accessDenied(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof AccessDeniedException denied) {
				return denied;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
