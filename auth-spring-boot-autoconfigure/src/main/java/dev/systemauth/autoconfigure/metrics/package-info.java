/**
 * The starter's Micrometer meters.
 */
@NullMarked
package dev.systemauth.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
