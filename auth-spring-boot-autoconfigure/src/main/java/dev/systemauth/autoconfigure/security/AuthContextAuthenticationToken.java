package dev.systemauth.autoconfigure.security;

import java.io.Serial;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;

import dev.systemauth.core.tenant.AuthContext;

/**
 * The caller of a protected path, as Spring Security sees it: the principal is the checked
 * {@link AuthContext} (so {@code @AuthenticationPrincipal AuthContext} works), the one authority is the
 * member's role in the request's workspace ({@code ROLE_OWNER}, {@code ROLE_ADMIN} or {@code ROLE_MEMBER}),
 * and the name is the user id. The access token itself is not kept: there are no credentials to erase or leak.
 */
public final class AuthContextAuthenticationToken extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final AuthContext context;

	/**
	 * An authenticated token for a checked caller.
	 * @param context the caller, as the workspace check found it
	 */
	public AuthContextAuthenticationToken(AuthContext context) {
		super(authorities(context));
		this.context = context;
		setAuthenticated(true);
	}

	/**
	 * The authority of a role: {@code ROLE_} and the role in upper case.
	 * @param role the role ({@code owner}, {@code admin} or {@code member})
	 * @return the authority name
	 */
	public static String authority(String role) {
		Assert.hasText(role, "role must not be empty");
		return "ROLE_" + role.toUpperCase(Locale.ROOT);
	}

	private static List<GrantedAuthority> authorities(AuthContext context) {
		Assert.notNull(context, "context must not be null");
		return List.of(new SimpleGrantedAuthority(authority(context.role())));
	}

	@Override
	public AuthContext getPrincipal() {
		return this.context;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return this.context.userId().toString();
	}

}
