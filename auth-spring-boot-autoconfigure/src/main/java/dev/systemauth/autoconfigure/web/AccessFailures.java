package dev.systemauth.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;

/**
 * Writes the answer of a refused protected request, outside Spring MVC's exception handling: the
 * contract's code for an {@link AuthException}, and 503 (fail closed) when the membership could not be
 * checked.
 */
final class AccessFailures {

	private static final Logger logger = LoggerFactory.getLogger(AccessFailures.class);

	private AccessFailures() {
	}

	interface Check {

		void run() throws AuthException;

	}

	/** Runs the check; on failure writes the problem and returns false. */
	static boolean run(Check check, HttpServletResponse response) throws IOException {
		try {
			check.run();
			return true;
		}
		catch (AuthException ex) {
			AuthProblems.write(response, ex.getErrorCode(), ex.getMessage());
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Cannot check workspace membership, refusing the request: {}", ex.getClass().getSimpleName());
			response.setHeader("Retry-After", "5");
			AuthProblems.write(response, AuthErrorCode.SERVICE_UNAVAILABLE,
					"The service is temporarily unavailable; retry shortly.");
		}
		return false;
	}

}
