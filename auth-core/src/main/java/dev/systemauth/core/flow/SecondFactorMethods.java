package dev.systemauth.core.flow;

import java.util.List;
import java.util.UUID;

/**
 * Second factors a user can use besides TOTP and recovery codes, listed in the {@code methods} of the MFA
 * challenge (for example {@code passkey} when the user has registered one and passkeys are on).
 */
@FunctionalInterface
public interface SecondFactorMethods {

	/** No further methods. */
	SecondFactorMethods NONE = (userId) -> List.of();

	/**
	 * The further methods this user can complete a sign-in with.
	 * @param userId the user who passed the first factor
	 * @return method names, possibly empty
	 */
	List<String> additional(UUID userId);

}
