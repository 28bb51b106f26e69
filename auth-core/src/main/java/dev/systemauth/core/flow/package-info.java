/**
 * The ways a user acts on their account, one class per flow, named after what the user does:
 * {@link dev.systemauth.core.flow.SignInFlow}, {@link dev.systemauth.core.flow.SignupFlow},
 * {@link dev.systemauth.core.flow.EmailVerificationFlow}, {@link dev.systemauth.core.flow.PasswordResetFlow},
 * {@link dev.systemauth.core.flow.MagicLinkFlow} and {@link dev.systemauth.core.flow.WorkspaceSwitchFlow}.
 * Each route calls one flow; every flow that signs a user in ends in
 * {@link dev.systemauth.core.session.SessionService}. {@link dev.systemauth.core.flow.AccountRegistration}
 * is the one place a user, a workspace and its owner membership are created together.
 */
@NullMarked
package dev.systemauth.core.flow;

import org.jspecify.annotations.NullMarked;
