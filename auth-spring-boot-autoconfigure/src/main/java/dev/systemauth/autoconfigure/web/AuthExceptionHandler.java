package dev.systemauth.autoconfigure.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Turns every failure on the auth routes into an RFC 9457 problem with a stable code: {@link AuthException}
 * codes as they are, bad input as 4xx, an unreachable database as 503, anything else as a 500 whose details
 * stay in the server log. Framework errors (404, 405, 415) on paths outside the auth base path are left to
 * the application.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class AuthExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(AuthExceptionHandler.class);

	private final String basePath;

	public AuthExceptionHandler(String basePath) {
		this.basePath = basePath;
	}

	@ExceptionHandler(AuthException.class)
	ResponseEntity<ProblemDetail> handleAuthException(AuthException ex) {
		return AuthProblems.response(ex.getErrorCode(), ex.getMessage(), ex.getProperties());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> handleUnreadable(HttpMessageNotReadableException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		if (BodySizeLimitFilter.isTooLarge(ex)) {
			return AuthProblems.response(AuthErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", Map.of());
		}
		return AuthProblems.response(AuthErrorCode.MALFORMED_REQUEST,
				"The request body is missing, not valid JSON, or has a field of the wrong type.", Map.of());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> handleNotFound(NoResourceFoundException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		return AuthProblems.response(AuthErrorCode.NOT_FOUND, "Not found.", Map.of());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> handleMethod(HttpRequestMethodNotSupportedException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		ResponseEntity<ProblemDetail> response = AuthProblems.response(AuthErrorCode.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not allowed here.", Map.of());
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header("Allow", String.join(", ", ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods()))
			.body(response.getBody());
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> handleMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		return AuthProblems.response(AuthErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.",
				Map.of());
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> handleNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpServletRequest request) throws Exception {
		requireAuthPath(ex, request);
		return AuthProblems.response(AuthErrorCode.MALFORMED_REQUEST, "The response is only available as JSON.",
				Map.of());
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ProblemDetail> handleMissingHeader(MissingRequestHeaderException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		return AuthProblems.response(AuthErrorCode.INVALID_TOKEN, "Authentication is required.", Map.of());
	}

	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<ProblemDetail> handleDataAccess(DataAccessException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		if (isUnavailable(ex)) {
			logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.getClass().getSimpleName());
			return unavailable();
		}
		logger.error("Database error on {}", request.getRequestURI(), ex);
		return AuthProblems.response(AuthErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", Map.of());
	}

	@ExceptionHandler(CannotCreateTransactionException.class)
	ResponseEntity<ProblemDetail> handleTransaction(CannotCreateTransactionException ex, HttpServletRequest request)
			throws Exception {
		requireAuthPath(ex, request);
		logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.getClass().getSimpleName());
		return unavailable();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
		requireAuthPath(ex, request);
		logger.error("Unexpected error on {}", request.getRequestURI(), ex);
		return AuthProblems.response(AuthErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", Map.of());
	}

	static boolean isUnavailable(Throwable ex) {
		return ex instanceof CannotGetJdbcConnectionException || ex instanceof DataAccessResourceFailureException
				|| ex instanceof QueryTimeoutException || ex instanceof TransientDataAccessException
				|| ex instanceof CannotCreateTransactionException;
	}

	private static ResponseEntity<ProblemDetail> unavailable() {
		ResponseEntity<ProblemDetail> response = AuthProblems.response(AuthErrorCode.SERVICE_UNAVAILABLE,
				"The service is temporarily unavailable; retry shortly.", Map.of());
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header("Retry-After", "5")
			.body(response.getBody());
	}

	/** Leaves errors outside the auth routes to the application: rethrowing declines the exception. */
	private void requireAuthPath(Exception ex, HttpServletRequest request) throws Exception {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!(path.equals(this.basePath) || path.startsWith(this.basePath + "/"))) {
			throw ex;
		}
	}

}
