package dev.systemauth.autoconfigure.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.systemauth.api.Audited;
import dev.systemauth.core.audit.AuditEvent;
import dev.systemauth.core.audit.AuditEventType;
import dev.systemauth.core.audit.AuditLog;
import dev.systemauth.core.tenant.AuthContext;

/**
 * Writes one {@code access} audit row per call of a handler marked {@link Audited}, after it completes.
 * It records the route pattern, never the raw URI (which may carry identifiers or query strings), and
 * never a header or body. The row is queued and written in batches in the background
 * ({@link AuditLog#recordAsync}): it cannot change the answer, nor add a database round trip to it.
 */
public final class AuditInterceptor implements HandlerInterceptor {

	private final AuditLog auditLog;

	private final ClientInfoResolver clients;

	private final HandlerAnnotations<Audited> annotations = new HandlerAnnotations<>(Audited.class);

	public AuditInterceptor(AuditLog auditLog, ClientInfoResolver clients) {
		this.auditLog = auditLog;
		this.clients = clients;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(handler instanceof HandlerMethod method)) {
			return;
		}
		Audited audited = this.annotations.find(method);
		if (audited == null) {
			return;
		}
		Object attribute = request.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE);
		AuthContext context = (attribute instanceof AuthContext authContext) ? authContext : null;
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		Map<String, String> details = new LinkedHashMap<>();
		details.put("method", request.getMethod());
		details.put("route", (pattern != null) ? pattern.toString() : "");
		details.put("status", Integer.toString(response.getStatus()));
		details.put("action", audited.value().isEmpty() ? method.getMethod().getName() : audited.value());
		if (context != null) {
			details.put("role", context.role());
		}
		AuditEvent.Outcome outcome = (ex == null && response.getStatus() < 400) ? AuditEvent.Outcome.SUCCESS
				: AuditEvent.Outcome.FAILURE;
		this.auditLog.recordAsync(AuditEvent.of(AuditEventType.ACCESS, outcome,
				(context != null) ? context.workspaceId() : null, (context != null) ? context.userId() : null,
				this.clients.resolve(request), details));
	}

}
