package dev.systemauth.core.provider;

import dev.systemauth.core.audit.ClientInfo;
import dev.systemauth.core.error.AuthErrorCode;
import dev.systemauth.core.error.AuthException;
import dev.systemauth.core.token.TokenPair;

/**
 * The provider extension contract of the original design: the classic email/password provider is the
 * first implementation; GitHub, Google, SSO and Okta providers can be added beside it, each registered
 * behind its own {@code auth.<provider>.enabled} flag, without touching the shared controller.
 * A flow a provider does not support answers {@code not_found}.
 */
public interface AuthProvider {

	/** The provider id: {@code classic}, {@code github}, {@code google}, {@code sso} or {@code okta}. */
	String id();

	default SignupResult signup(AuthRequests.Signup request, ClientInfo client) {
		throw unsupported();
	}

	default TokenPair login(AuthRequests.Login request, ClientInfo client) {
		throw unsupported();
	}

	default TokenPair refresh(AuthRequests.Refresh request, ClientInfo client) {
		throw unsupported();
	}

	default void forgotPassword(AuthRequests.ForgotPassword request, ClientInfo client) {
		throw unsupported();
	}

	default void resetPassword(AuthRequests.ResetPassword request, ClientInfo client) {
		throw unsupported();
	}

	default void verifyEmail(AuthRequests.VerifyEmail request, ClientInfo client) {
		throw unsupported();
	}

	private static AuthException unsupported() {
		return new AuthException(AuthErrorCode.NOT_FOUND, "Not found.");
	}

}
