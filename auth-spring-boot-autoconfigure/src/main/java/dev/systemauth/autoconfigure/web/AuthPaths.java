package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.RequestPath;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Whether a request is on the auth routes, decided the way Spring MVC routes it: the path within the
 * application, percent-decoded and without {@code ;} path parameters, matched by a {@link PathPattern}. So
 * {@code /auth;x=1/login} and {@code /%61uth/login}, which MVC hands to the auth controllers, are auth paths
 * here too; comparing the raw request URI as a string would miss them. When the dispatcher is mapped to a
 * servlet path ({@code spring.mvc.servlet.path}), the base path is matched after it, as MVC does.
 */
final class AuthPaths {

	private final PathPattern pattern;

	AuthPaths(String basePath) {
		this.pattern = PathPatternParser.defaultInstance.parse(basePath + "/**");
	}

	boolean matches(HttpServletRequest request) {
		RequestPath path;
		try {
			path = ServletRequestPathUtils.hasParsedRequestPath(request)
					? ServletRequestPathUtils.getParsedRequestPath(request) : parse(request);
		}
		catch (IllegalArgumentException ex) {
			// a path MVC cannot parse either; treat it as ours, so the stricter rules apply
			return true;
		}
		return this.pattern.matches(path.pathWithinApplication());
	}

	/**
	 * Parses as the dispatcher will (context path and, for a dispatcher mapped to a servlet path, that prefix
	 * removed), without leaving the parsed path on a request that is still in the filter chain.
	 */
	private static RequestPath parse(HttpServletRequest request) {
		try {
			return ServletRequestPathUtils.parseAndCache(request);
		}
		finally {
			ServletRequestPathUtils.clearParsedRequestPath(request);
		}
	}

}
