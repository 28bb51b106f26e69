package dev.systemauth.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Writes an audit row for each call of a controller or handler method: who (user), where (workspace),
 * what (method, route pattern, status), from which client. The equivalent of the original
 * {@code @UseInterceptors(AuditInterceptor)}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Audited {

	/** The event name stored in {@code details.action}; the handler's route by default. */
	String value() default "";

}
