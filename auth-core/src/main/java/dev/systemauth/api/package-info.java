/**
 * What host code compiles against: the annotations a host puts on its own controllers
 * ({@link dev.systemauth.api.RequireWorkspace}, {@link dev.systemauth.api.CurrentAuth},
 * {@link dev.systemauth.api.Audited}). Pure annotations, with no Spring and no wiring; the starter's web
 * layer gives them their meaning.
 */
@NullMarked
package dev.systemauth.api;

import org.jspecify.annotations.NullMarked;
