package dev.systemauth.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller or handler method as requiring a valid access token, a matching
 * {@code x-workspace-id} header and an active membership: the equivalent of the original
 * {@code @UseGuards(JwtAuthGuard, WorkspaceGuard)}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequireWorkspace {

}
