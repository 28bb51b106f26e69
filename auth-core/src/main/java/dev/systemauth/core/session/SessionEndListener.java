package dev.systemauth.core.session;

import java.util.Collection;
import java.util.UUID;

/**
 * Told, on the instance that ended them, which sessions just ended, so that their access tokens are refused
 * there at once rather than when the database notification arrives. The membership cache is one.
 */
@FunctionalInterface
public interface SessionEndListener {

	/** Listens to nothing. */
	SessionEndListener NONE = (sessionIds) -> {
	};

	/**
	 * Sessions ended (in the current transaction, if any).
	 * @param sessionIds their ids
	 */
	void sessionsEnded(Collection<UUID> sessionIds);

}
