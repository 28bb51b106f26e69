package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Protects the paths of {@code auth.web.protected-paths}: each request there must pass the
 * {@link WorkspaceAccessChecker} before it reaches the application, which then reads the caller with
 * {@code @CurrentAuth AuthContext}. Every HTTP method is checked, OPTIONS included.
 */
public final class WorkspaceFilter extends OncePerRequestFilter {

	private final WorkspaceAccessChecker checker;

	private final List<PathPattern> patterns;

	public WorkspaceFilter(WorkspaceAccessChecker checker, List<String> protectedPaths) {
		this.checker = checker;
		this.patterns = protectedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * Skips requests outside the protected paths, and requests already checked (by
	 * {@code SystemAuthConfigurer} in the host's security filter chain), so that none is checked twice.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (request.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE) != null) {
			return true;
		}
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		return this.patterns.stream().noneMatch((pattern) -> pattern.matches(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (AccessFailures.run(() -> this.checker.check(request), response)) {
			chain.doFilter(request, response);
		}
	}

}
