package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Answers, as RFC 9457 problems with a stable code, the errors that {@link AuthExceptionHandler} cannot
 * see: 404, 405 and 415 raised on the auth routes before a handler is chosen (so a disabled route answers
 * exactly like a path that never existed), and an {@link AuthException} raised in an application handler
 * (for example {@code @CurrentAuth} on an unprotected route). Anything else it declines, leaving the
 * application's own exception handling untouched.
 */
public final class AuthHandlerExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Set<Class<?>> LIBRARY_CONTROLLERS = Set.of(SignInController.class,
			SignupController.class, PasswordResetController.class, MagicLinkController.class, SessionsController.class,
			OpenApiController.class, EmailVerificationController.class, WorkspaceSwitchController.class,
			JwksController.class);

	private final AuthPaths authPaths;

	public AuthHandlerExceptionResolver(String basePath) {
		this.authPaths = new AuthPaths(basePath);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (handler instanceof HandlerMethod method && LIBRARY_CONTROLLERS.contains(method.getBeanType())) {
			return null;
		}
		if (ex instanceof AuthException authException) {
			return write(response, authException.getErrorCode(), authException.getMessage(),
					authException.getProperties());
		}
		if (!this.authPaths.matches(request)) {
			return null;
		}
		if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
			return write(response, AuthErrorCode.NOT_FOUND, "Not found.");
		}
		if (ex instanceof HttpRequestMethodNotSupportedException methodException) {
			String[] supported = methodException.getSupportedMethods();
			if (supported != null) {
				response.setHeader(HttpHeaders.ALLOW, String.join(", ", supported));
			}
			return write(response, AuthErrorCode.METHOD_NOT_ALLOWED,
					"Method " + methodException.getMethod() + " is not allowed here.");
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return write(response, AuthErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
		}
		if (ex instanceof HttpMediaTypeNotAcceptableException) {
			return write(response, AuthErrorCode.MALFORMED_REQUEST, "The response is only available as JSON.");
		}
		return null;
	}

	private static ModelAndView write(HttpServletResponse response, AuthErrorCode code, String detail) {
		return write(response, code, detail, java.util.Map.of());
	}

	private static ModelAndView write(HttpServletResponse response, AuthErrorCode code, String detail,
			java.util.Map<String, Object> properties) {
		try {
			AuthProblems.write(response, code, detail, properties);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ModelAndView();
	}

}
