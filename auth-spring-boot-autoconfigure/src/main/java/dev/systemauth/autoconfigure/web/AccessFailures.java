package dev.systemauth.autoconfigure.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.tenant.AuthContext;

/**
 * Writes the answer of a refused protected request, outside Spring MVC's exception handling, through
 * {@link AuthProblems}: the contract's code for an {@link AuthException}, and the same 503 (fail closed) as
 * the exception translator when the membership could not be checked. Shared by the workspace filter, {@code @RequireWorkspace} and the Spring Security integration, so
 * a refusal reads the same whichever of them made it.
 */
public final class AccessFailures {

	private static final Logger logger = LoggerFactory.getLogger(AccessFailures.class);

	private AccessFailures() {
	}

	/** A check that throws {@link AuthException} to refuse. */
	public interface Check {

		void run() throws AuthException;

	}

	/**
	 * Checks a protected request; on failure writes the problem.
	 * @param checker the workspace check
	 * @param request the request
	 * @param response where a refusal is written
	 * @return who is calling, or {@code null} when the request was refused (and answered)
	 * @throws IOException when the refusal cannot be written
	 */
	public static @Nullable AuthContext check(WorkspaceAccessChecker checker, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		AuthContext[] context = new AuthContext[1];
		return run(() -> context[0] = checker.check(request), response) ? context[0] : null;
	}

	/**
	 * Runs the check; on failure writes the problem and returns false.
	 * @param check the check
	 * @param response where a refusal is written
	 * @return whether the check passed
	 * @throws IOException when the refusal cannot be written
	 */
	public static boolean run(Check check, HttpServletResponse response) throws IOException {
		try {
			check.run();
			return true;
		}
		catch (AuthException ex) {
			AuthProblems.write(response, ex.getErrorCode(), ex.getMessage());
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Cannot check workspace membership, refusing the request: {}", ex.getClass().getSimpleName());
			AuthProblems.write(response, AuthProblems.unavailable());
		}
		return false;
	}

}
