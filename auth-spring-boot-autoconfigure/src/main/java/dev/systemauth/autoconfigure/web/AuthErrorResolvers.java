package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import dev.systemauth.core.error.AuthException;

/**
 * Places the {@link AuthExceptionTranslator}'s answers where no {@code @ControllerAdvice} can give them, each
 * without pre-empting an application's own exception handling:
 * <ul>
 * <li>first of all resolvers, the starter's request contract, which no advice can change: errors raised on
 * the starter's routes before a handler runs (404, 405, 415, 406; with no handler there is no application
 * handler to pre-empt), and what Spring MVC raises about a request to one of the starter's controllers (a
 * malformed body, a missing header, a conversion), which an application's {@code ResponseEntityExceptionHandler} (Boot's
 * {@code spring.mvc.problemdetails}) would otherwise answer without a {@code code};</li>
 * <li>last of all resolvers, an {@link AuthException} from an application handler (for example
 * {@code @CurrentAuth} on an unprotected route) that the application's own {@code @ExceptionHandler}s left
 * unanswered.</li>
 * </ul>
 * Anything else is declined, leaving the application's exception handling untouched.
 */
public final class AuthErrorResolvers {

	private AuthErrorResolvers() {
	}

	/**
	 * Adds both resolvers to Spring MVC's list of exception resolvers.
	 * @param resolvers the list {@code WebMvcConfigurer.extendHandlerExceptionResolvers} is given
	 * @param translator the exception translator
	 * @param basePath the base path of the starter's routes
	 */
	public static void addTo(List<HandlerExceptionResolver> resolvers, AuthExceptionTranslator translator,
			String basePath) {
		resolvers.add(0, new RequestContract(translator, new AuthPaths(basePath)));
		resolvers.add(new UnhandledAuthException(translator));
	}

	private static ModelAndView write(HttpServletResponse response, ResponseEntity<ProblemDetail> problem) {
		try {
			AuthProblems.write(response, problem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ModelAndView();
	}

	/** The starter's routes before a handler runs, and request errors on its controllers. */
	private static final class RequestContract implements HandlerExceptionResolver {

		private final AuthExceptionTranslator translator;

		private final AuthPaths authPaths;

		RequestContract(AuthExceptionTranslator translator, AuthPaths authPaths) {
			this.translator = translator;
			this.authPaths = authPaths;
		}

		@Override
		public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
				@Nullable Object handler, Exception ex) {
			if (AuthExceptionTranslator.isAuthEndpoint(handler)) {
				if (!isAboutTheRequest(ex)) {
					return null;
				}
				ResponseEntity<ProblemDetail> problem = this.translator.translate(ex, request);
				ProblemDetail body = problem.getBody();
				if (body != null && body.getInstance() == null) {
					// as Spring MVC does for a ProblemDetail an advice returns
					body.setInstance(URI.create(request.getRequestURI()));
				}
				return write(response, problem);
			}
			if (handler instanceof HandlerMethod || !this.authPaths.matches(request)) {
				return null;
			}
			ResponseEntity<ProblemDetail> problem = this.translator.translateUnrouted(ex);
			return (problem != null) ? write(response, problem) : null;
		}

		/**
		 * Whether Spring MVC raised the exception about the request or its conversion, the kinds a
		 * {@code ResponseEntityExceptionHandler} answers, rather than the handler's own work.
		 */
		private static boolean isAboutTheRequest(Exception ex) {
			return ex instanceof ErrorResponse || ex instanceof HttpMessageConversionException
					|| ex instanceof TypeMismatchException;
		}

	}

	/** An {@link AuthException} from an application handler that nothing else answered. */
	private static final class UnhandledAuthException implements HandlerExceptionResolver {

		private final AuthExceptionTranslator translator;

		UnhandledAuthException(AuthExceptionTranslator translator) {
			this.translator = translator;
		}

		@Override
		public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
				@Nullable Object handler, Exception ex) {
			if (!(ex instanceof AuthException)) {
				return null;
			}
			return write(response, this.translator.translate(ex, request));
		}

	}

}
