/**
 * The starter's Actuator health indicator.
 */
@NullMarked
package dev.systemauth.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
