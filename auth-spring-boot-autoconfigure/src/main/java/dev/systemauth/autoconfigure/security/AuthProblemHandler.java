package dev.systemauth.autoconfigure.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.systemauth.autoconfigure.web.AuthProblems;
import dev.systemauth.core.error.AuthErrorCode;

/**
 * Spring Security's refusals as the starter's RFC 9457 problems: authentication required is 401
 * {@code invalid_token} (with {@code WWW-Authenticate: Bearer}), access denied 403 {@code access_denied}. The
 * starter's chain uses it; a host may use it for its own routes too.
 */
public final class AuthProblemHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		AuthProblems.write(response, AuthErrorCode.INVALID_TOKEN, "A valid bearer access token is required.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		AuthProblems.write(response, AuthErrorCode.ACCESS_DENIED, "You are not allowed to do this.");
	}

}
