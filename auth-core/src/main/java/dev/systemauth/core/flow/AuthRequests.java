package dev.systemauth.core.flow;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The inputs of the authentication flows, as a client sends them. Fields may be {@code null}: the
 * flow that takes them validates them and answers {@code validation_failed} naming the field.
 */
public final class AuthRequests {

	private AuthRequests() {
	}

	public record Signup(@Nullable String email, @Nullable String password, @Nullable String workspaceName,
			@Nullable String workspaceSlug) {

		@Override
		public String toString() {
			return "Signup[workspaceSlug=" + this.workspaceSlug + "]";
		}

	}

	public record Login(@Nullable String email, @Nullable String password, @Nullable UUID workspaceId) {

		@Override
		public String toString() {
			return "Login[workspaceId=" + this.workspaceId + "]";
		}

	}

	public record Refresh(@Nullable String refreshToken) {

		@Override
		public String toString() {
			return "Refresh[]";
		}

	}

	public record ForgotPassword(@Nullable String email) {

		@Override
		public String toString() {
			return "ForgotPassword[]";
		}

	}

	public record ResetPassword(@Nullable String token, @Nullable String password) {

		@Override
		public String toString() {
			return "ResetPassword[]";
		}

	}

	public record VerifyEmail(@Nullable String email, @Nullable String code, @Nullable String token) {

		@Override
		public String toString() {
			return "VerifyEmail[]";
		}

	}

	public record MagicLink(@Nullable String email, @Nullable UUID workspaceId) {

		@Override
		public String toString() {
			return "MagicLink[workspaceId=" + this.workspaceId + "]";
		}

	}

}
