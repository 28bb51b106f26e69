package dev.systemauth.autoconfigure.web;

/**
 * Told of the outcome of every protected request's workspace check ({@link WorkspaceAccessChecker#check}),
 * whichever of the workspace filter, {@code @RequireWorkspace} or the Spring Security chain asked for it. It
 * runs on the request thread of every protected request, so an implementation must be quick and must not
 * throw. The starter's Micrometer timer {@code auth.access} is one; without Micrometer there is none.
 */
@FunctionalInterface
public interface AccessCheckListener {

	/** The outcome of a check that let the request in. */
	String GRANTED = "granted";

	/**
	 * The outcome of a check that failed in an unexpected way (neither a refusal nor an unreachable
	 * database).
	 */
	String ERROR = "error";

	/** A listener that does nothing. */
	AccessCheckListener NONE = (outcome, nanos) -> {
	};

	/**
	 * Called once per check, after it was decided.
	 * @param outcome {@link #GRANTED}, the problem code of the refusal ({@code invalid_token},
	 * {@code workspace_required}, {@code workspace_mismatch}, {@code membership_inactive},
	 * {@code service_unavailable} when the membership could not be checked), or {@link #ERROR}
	 * @param nanos how long the check took, in nanoseconds
	 */
	void accessChecked(String outcome, long nanos);

}
