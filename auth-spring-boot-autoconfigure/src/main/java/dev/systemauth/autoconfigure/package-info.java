/**
 * Spring Boot autoconfiguration of the auth starter.
 */
@NullMarked
package dev.systemauth.autoconfigure;

import org.jspecify.annotations.NullMarked;
