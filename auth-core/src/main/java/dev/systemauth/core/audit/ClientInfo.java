package dev.systemauth.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, as recorded in audit rows.
 *
 * @param ip the client IP (from the socket unless the host trusts a proxy)
 * @param userAgent the {@code User-Agent} header, truncated
 */
public record ClientInfo(@Nullable String ip, @Nullable String userAgent) {

	private static final int MAX_USER_AGENT = 512;

	/** No client: server-side calls such as provisioning. */
	public static final ClientInfo SERVER = new ClientInfo(null, "server");

	public ClientInfo {
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT);
		}
		if (ip != null && ip.length() > 64) {
			ip = ip.substring(0, 64);
		}
	}

}
