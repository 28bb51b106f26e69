package dev.systemauth.autoconfigure.observation;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes the {@code code} of a problem answer in a request attribute, as it is written, so that
 * {@link AuthFlowObservationInterceptor} can tag the flow's outcome with it. It reads the problem whichever
 * exception handler rendered it, so the handlers need not know about observations. It touches only requests
 * that the interceptor observes.
 */
@ControllerAdvice
public final class ProblemCodeAdvice implements ResponseBodyAdvice<Object> {

	/** Request attribute holding the problem code a route answered with. */
	public static final String PROBLEM_CODE_ATTRIBUTE = ProblemCodeAdvice.class.getName() + ".code";

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
			HttpServletRequest servletRequest = servlet.getServletRequest();
			Object code = (problem.getProperties() != null) ? problem.getProperties().get("code") : null;
			if (code instanceof String value
					&& servletRequest.getAttribute(AuthFlowObservationInterceptor.SCOPE_ATTRIBUTE) != null) {
				servletRequest.setAttribute(PROBLEM_CODE_ATTRIBUTE, value);
			}
		}
		return body;
	}

}
