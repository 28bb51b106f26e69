package dev.systemauth.autoconfigure.observation;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Observes each request to one of the starter's flow routes as a Micrometer {@link Observation} named after
 * the flow ({@link AuthFlows}), with the low-cardinality key {@code outcome}: {@code success}, or the
 * problem code the route answered with ({@code invalid_credentials}, {@code too_many_requests},
 * {@code service_unavailable}, ...). With Boot's default observation handler each name becomes a timer of
 * that name tagged by outcome. Requests to other routes pass untouched; the route is recognised by the
 * pattern Spring MVC matched, one map lookup.
 */
public final class AuthFlowObservationInterceptor implements HandlerInterceptor {

	/** The low-cardinality key that carries the outcome. */
	public static final String OUTCOME_KEY = "outcome";

	/** The outcome of a flow answered with a 1xx, 2xx or 3xx status. */
	public static final String SUCCESS = "success";

	/** The outcome of a flow that failed without a problem code (an error outside the starter's handling). */
	public static final String ERROR = "error";

	/** Request attribute holding the scope of the observation of the request's flow. */
	static final String SCOPE_ATTRIBUTE = AuthFlowObservationInterceptor.class.getName() + ".scope";

	private final ObservationRegistry registry;

	private final Map<String, String> names;

	/**
	 * Observes the flow routes under a base path.
	 * @param registry where observations go
	 * @param basePath the base path of the starter's routes ({@code auth.web.base-path})
	 */
	public AuthFlowObservationInterceptor(ObservationRegistry registry, String basePath) {
		Assert.notNull(registry, "registry must not be null");
		Assert.notNull(basePath, "basePath must not be null");
		this.registry = registry;
		this.names = AuthFlows.byRoute(basePath);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String name = name(request);
		if (name != null && !this.registry.isNoop()) {
			Observation observation = Observation.start(name, this.registry);
			request.setAttribute(SCOPE_ATTRIBUTE, observation.openScope());
		}
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(request.getAttribute(SCOPE_ATTRIBUTE) instanceof Observation.Scope scope)) {
			return;
		}
		request.removeAttribute(SCOPE_ATTRIBUTE);
		Observation observation = scope.getCurrentObservation();
		scope.close();
		observation.lowCardinalityKeyValue(OUTCOME_KEY, outcome(request, response, ex));
		if (ex != null) {
			observation.error(ex);
		}
		observation.stop();
	}

	private @Nullable String name(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern instanceof String route) ? this.names.get(route) : null;
	}

	private static String outcome(HttpServletRequest request, HttpServletResponse response, @Nullable Exception ex) {
		if (request.getAttribute(ProblemCodeAdvice.PROBLEM_CODE_ATTRIBUTE) instanceof String code) {
			return code;
		}
		return (ex == null && response.getStatus() < 400) ? SUCCESS : ERROR;
	}

}
