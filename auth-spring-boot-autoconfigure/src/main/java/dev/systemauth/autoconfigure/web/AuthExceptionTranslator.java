package dev.systemauth.autoconfigure.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * The one exception translator of the starter: turns every failure of its controllers (those marked
 * {@link AuthEndpoint}) into an RFC 9457 problem with a stable code, rendered by {@link AuthProblems}:
 * {@link AuthException} codes as they are, bad input as 4xx, an unreachable database as 503, anything else
 * as a 500 whose details stay in the server log.
 * <p>
 * As an advice it has the order {@link #ORDER}: just before the lowest precedence. An application's
 * {@code @ControllerAdvice} with an explicit {@code @Order} below it (for example
 * {@code @Order(Ordered.HIGHEST_PRECEDENCE)}) handles the starter's errors first; one without an order (the
 * usual catch-all {@code @ExceptionHandler(Exception.class)} answering 500) does not, so adding the starter to
 * an application does not turn a wrong password into that application's 500. The
 * {@link AuthErrorResolvers} apply the same translation where no advice can: errors raised on the starter's
 * routes before a handler runs, what Spring MVC raises about a request to one of its controllers, and an
 * {@link AuthException} from an application handler that the application does not handle itself.
 */
@RestControllerAdvice(annotations = AuthEndpoint.class)
@Order(AuthExceptionTranslator.ORDER)
public class AuthExceptionTranslator {

	/**
	 * The order of this advice: an application advice with a lower order comes first on the starter's routes;
	 * an application advice without an order comes after it.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final Logger logger = LoggerFactory.getLogger(AuthExceptionTranslator.class);

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handle(Exception ex, HttpServletRequest request) {
		return translate(ex, request);
	}

	/**
	 * The problem answering a failure of a handler.
	 * @param ex what the handler threw
	 * @param request the request
	 * @return the problem response
	 */
	public ResponseEntity<ProblemDetail> translate(Exception ex, HttpServletRequest request) {
		if (ex instanceof AuthException authException) {
			return AuthProblems.response(authException.getErrorCode(), authException.getMessage(),
					authException.getProperties());
		}
		if (ex instanceof HttpMessageNotReadableException) {
			if (BodySizeLimitFilter.isTooLarge(ex)) {
				return AuthProblems.response(AuthErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.",
						Map.of());
			}
			return AuthProblems.response(AuthErrorCode.MALFORMED_REQUEST,
					"The request body is missing, not valid JSON, or has a field of the wrong type.", Map.of());
		}
		if (ex instanceof MissingRequestHeaderException) {
			return AuthProblems.response(AuthErrorCode.INVALID_TOKEN, "Authentication is required.", Map.of());
		}
		if (ex instanceof DataAccessException && !isUnavailable(ex)) {
			logger.error("Database error on {}", request.getRequestURI(), ex);
			return internalError();
		}
		/*
		 * A transaction that cannot begin, roll back or commit means the database connection is gone (a
		 * pooled connection that died mid-request fails its rollback too): the request was not carried out.
		 */
		if (ex instanceof DataAccessException || ex instanceof TransactionException) {
			logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.getClass().getSimpleName());
			return AuthProblems.unavailable();
		}
		logger.error("Unexpected error on {}", request.getRequestURI(), ex);
		return internalError();
	}

	/**
	 * The problem answering an error Spring MVC raised on one of the starter's routes before any handler
	 * ran, so that a disabled route answers exactly like a path that never existed.
	 * @param ex the error
	 * @return the problem response, or {@code null} for an error that is not about routing
	 */
	public @Nullable ResponseEntity<ProblemDetail> translateUnrouted(Exception ex) {
		if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
			return AuthProblems.response(AuthErrorCode.NOT_FOUND, "Not found.", Map.of());
		}
		if (ex instanceof HttpRequestMethodNotSupportedException methodException) {
			ResponseEntity<ProblemDetail> response = AuthProblems.response(AuthErrorCode.METHOD_NOT_ALLOWED,
					"Method " + methodException.getMethod() + " is not allowed here.", Map.of());
			String[] supported = methodException.getSupportedMethods();
			if (supported == null) {
				return response;
			}
			return ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.header(HttpHeaders.ALLOW, String.join(", ", supported))
				.body(response.getBody());
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return AuthProblems.response(AuthErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.",
					Map.of());
		}
		if (ex instanceof HttpMediaTypeNotAcceptableException) {
			return AuthProblems.response(AuthErrorCode.MALFORMED_REQUEST, "The response is only available as JSON.",
					Map.of());
		}
		return null;
	}

	/**
	 * Whether a handler is one of the starter's controllers.
	 * @param handler the handler Spring MVC chose, if any
	 * @return whether it is a method of a class marked {@link AuthEndpoint}
	 */
	static boolean isAuthEndpoint(@Nullable Object handler) {
		return handler instanceof HandlerMethod method
				&& AnnotationUtils.findAnnotation(method.getBeanType(), AuthEndpoint.class) != null;
	}

	static boolean isUnavailable(Throwable ex) {
		return ex instanceof CannotGetJdbcConnectionException || ex instanceof DataAccessResourceFailureException
				|| ex instanceof QueryTimeoutException || ex instanceof TransientDataAccessException
				|| ex instanceof CannotCreateTransactionException;
	}

	private static ResponseEntity<ProblemDetail> internalError() {
		return AuthProblems.response(AuthErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", Map.of());
	}

}
