/**
 * Test support for host applications: act as a signed-in member in MockMvc tests, without an access token
 * or a database round trip, with {@link dev.systemauth.test.SystemAuthRequestPostProcessors} or
 * {@link dev.systemauth.test.WithAuthContext}.
 */
@NullMarked
package dev.systemauth.test;

import org.jspecify.annotations.NullMarked;
