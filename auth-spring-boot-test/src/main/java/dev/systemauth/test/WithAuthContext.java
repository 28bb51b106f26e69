package dev.systemauth.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test (or every test of a class) as a checked member of a workspace, in the manner of
 * {@code @WithMockUser}: the security context holds an {@code AuthContextAuthenticationToken}, which the
 * starter's security filter chain honours on the protected paths without an access token or a database round
 * trip, and which {@code @AuthenticationPrincipal AuthContext}, {@code @CurrentAuth AuthContext} and
 * {@code @PreAuthorize("hasRole('ADMIN')")} see. Needs spring-security-test, and MockMvc built with its
 * {@code springSecurity()} configurer.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithAuthContextSecurityContextFactory.class)
public @interface WithAuthContext {

	/**
	 * The member's role: {@code OWNER}, {@code ADMIN} or {@code MEMBER}, in any case.
	 * @return the role
	 */
	String role() default "MEMBER";

	/**
	 * The user id, a UUID; a random one when blank.
	 * @return the user id
	 */
	String userId() default "";

	/**
	 * The workspace id, a UUID; a random one when blank.
	 * @return the workspace id
	 */
	String workspaceId() default "";

	/**
	 * When the security context is set up, as for {@code @WithMockUser}.
	 * @return the event
	 */
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
