package dev.systemauth.autoconfigure.web;

import jakarta.servlet.http.MappingMatch;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

class AuthPathsTests {

	private final AuthPaths paths = new AuthPaths("/auth");

	@Test
	void matchesWhenPathSpelledAsMvcRoutesItThenAuthPath() {
		for (String uri : new String[] { "/auth", "/auth/login", "/auth;x=1/login", "/auth;/login", "/%61uth/login",
				"/%61%75%74%68/login", "/auth/login;x=1", "/auth/%6Cogin" }) {
			assertThat(this.paths.matches(request("", uri))).as(uri).isTrue();
		}
	}

	@Test
	void matchesWhenPathIsAnotherRouteThenNotAuthPath() {
		for (String uri : new String[] { "/", "/authx/login", "/tenant/me", "/x/auth/login", "/AUTH/login" }) {
			assertThat(this.paths.matches(request("", uri))).as(uri).isFalse();
		}
	}

	@Test
	void matchesWhenContextPathThenMatchedAfterIt() {
		assertThat(this.paths.matches(request("/app", "/app/auth/login"))).isTrue();
		assertThat(this.paths.matches(request("/app", "/app/x/login"))).isFalse();
	}

	@Test
	void matchesWhenDispatcherMappedToServletPathThenMatchedAfterIt() {
		MockHttpServletRequest request = request("", "/api/auth;x=1/login");
		request.setServletPath("/api");
		request.setHttpServletMapping(new MockHttpServletMapping("auth/login", "/api/*", "dispatcherServlet",
				MappingMatch.PATH));
		assertThat(this.paths.matches(request)).isTrue();
		assertThat(ServletRequestPathUtils.hasParsedRequestPath(request)).isFalse();
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
