/**
 * The library's PostgreSQL schema as Flyway migrations, and the command that applies them by hand.
 */
@NullMarked
package dev.systemauth.migrations;

import org.jspecify.annotations.NullMarked;
