/**
 * JSON text written without a JSON library: the one string-escaping routine of the project.
 */
@NullMarked
package dev.systemauth.core.json;

import org.jspecify.annotations.NullMarked;
