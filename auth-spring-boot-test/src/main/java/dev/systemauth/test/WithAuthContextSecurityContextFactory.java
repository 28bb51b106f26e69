package dev.systemauth.test;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

import dev.systemauth.autoconfigure.security.AuthContextAuthenticationToken;
import dev.systemauth.core.tenant.AuthContext;

/**
 * The security context of {@link WithAuthContext}: an {@link AuthContextAuthenticationToken} for the
 * annotation's user, workspace and role.
 */
public final class WithAuthContextSecurityContextFactory implements WithSecurityContextFactory<WithAuthContext> {

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	@Override
	public SecurityContext createSecurityContext(WithAuthContext annotation) {
		AuthContext context = Roles.context(Roles.id(annotation.userId(), "userId"),
				Roles.id(annotation.workspaceId(), "workspaceId"), annotation.role());
		SecurityContext securityContext = this.strategy.createEmptyContext();
		securityContext.setAuthentication(new AuthContextAuthenticationToken(context));
		return securityContext;
	}

	/**
	 * The strategy that creates the context, when the application uses its own.
	 * @param strategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = strategy;
	}

}
