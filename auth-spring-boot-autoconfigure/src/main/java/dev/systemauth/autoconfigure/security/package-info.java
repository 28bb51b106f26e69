/**
 * The starter inside a Spring Security application: {@link SystemAuthConfigurer}, which puts the starter's
 * access-token authentication into a {@code SecurityFilterChain}, and the {@code Authentication} it creates.
 */
@NullMarked
package dev.systemauth.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
