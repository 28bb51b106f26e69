package dev.systemauth.autoconfigure.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the starter's own controllers. {@link AuthExceptionTranslator} is selected by it, so the list of
 * the starter's controllers lives on the controllers themselves and nowhere else; internal to the starter,
 * not for host controllers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface AuthEndpoint {

}
