package dev.systemauth.autoconfigure.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.systemauth.api.CurrentAuth;
import dev.systemauth.api.RequireWorkspace;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.AuthContext;

/**
 * Resolves {@code @CurrentAuth AuthContext} from the check made by the workspace filter or
 * {@link RequireWorkspace}. A handler that asks for it on an unprotected route gets 401, never a null.
 */
public final class CurrentAuthArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(CurrentAuth.class)
				&& AuthContext.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Object context = webRequest.getAttribute(WorkspaceAccessChecker.CONTEXT_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (context instanceof AuthContext authContext) {
			return authContext;
		}
		throw new AuthException(AuthErrorCode.INVALID_TOKEN, "A valid bearer access token is required.");
	}

}
