package dev.systemauth.core.onetime;

import java.util.UUID;

/**
 * A verification code waiting for its user, locked for the current transaction.
 *
 * @param id the row id
 * @param tokenHash the keyed hash of the code
 * @param attempts wrong attempts so far
 */
public record PendingCode(UUID id, String tokenHash, int attempts) {
}
