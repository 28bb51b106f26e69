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
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Turns every failure of the library's controllers into an RFC 9457 problem with a stable code:
 * {@link AuthException} codes as they are, bad input as 4xx, an unreachable database as 503, anything else
 * as a 500 whose details stay in the server log. It applies to the library's controllers only, so the
 * application's own exception handling is never shadowed; errors raised before a handler is chosen (404,
 * 405, 415 on the auth routes) are answered by {@link AuthHandlerExceptionResolver}.
 */
@RestControllerAdvice(assignableTypes = { SignInController.class, SignupController.class, SessionsController.class,
		PasswordResetController.class, MagicLinkController.class, OpenApiController.class, JwksController.class,
		EmailVerificationController.class, WorkspaceSwitchController.class })
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class AuthExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(AuthExceptionHandler.class);

	@ExceptionHandler(AuthException.class)
	ResponseEntity<ProblemDetail> handleAuthException(AuthException ex) {
		return AuthProblems.response(ex.getErrorCode(), ex.getMessage(), ex.getProperties());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> handleUnreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		if (BodySizeLimitFilter.isTooLarge(ex)) {
			return AuthProblems.response(AuthErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", Map.of());
		}
		return AuthProblems.response(AuthErrorCode.MALFORMED_REQUEST,
				"The request body is missing, not valid JSON, or has a field of the wrong type.", Map.of());
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ProblemDetail> handleMissingHeader(MissingRequestHeaderException ex, HttpServletRequest request) {
		return AuthProblems.response(AuthErrorCode.INVALID_TOKEN, "Authentication is required.", Map.of());
	}

	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<ProblemDetail> handleDataAccess(DataAccessException ex, HttpServletRequest request) {
		if (isUnavailable(ex)) {
			logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.getClass().getSimpleName());
			return unavailable();
		}
		logger.error("Database error on {}", request.getRequestURI(), ex);
		return AuthProblems.response(AuthErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", Map.of());
	}

	/**
	 * A transaction that cannot begin, roll back or commit means the database connection is gone (a pooled
	 * connection that died mid-request fails its rollback too): the request was not carried out.
	 */
	@ExceptionHandler(TransactionException.class)
	ResponseEntity<ProblemDetail> handleTransaction(TransactionException ex, HttpServletRequest request) {
		logger.warn("Database unavailable on {}: {}", request.getRequestURI(), ex.getClass().getSimpleName());
		return unavailable();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
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

}
