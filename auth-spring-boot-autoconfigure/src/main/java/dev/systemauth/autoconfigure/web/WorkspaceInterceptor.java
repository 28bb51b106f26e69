package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.systemauth.api.RequireWorkspace;

/**
 * Applies the workspace check to handlers marked {@link RequireWorkspace}, unless the workspace filter
 * already checked the request.
 */
public final class WorkspaceInterceptor implements HandlerInterceptor {

	private final WorkspaceAccessChecker checker;

	private final HandlerAnnotations<RequireWorkspace> annotations = new HandlerAnnotations<>(RequireWorkspace.class);

	public WorkspaceInterceptor(WorkspaceAccessChecker checker) {
		this.checker = checker;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (!(handler instanceof HandlerMethod method) || this.annotations.find(method) == null
				|| request.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE) != null) {
			return true;
		}
		return AccessFailures.run(() -> this.checker.check(request), response);
	}

}
