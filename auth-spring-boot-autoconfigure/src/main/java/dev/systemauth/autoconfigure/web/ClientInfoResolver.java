package dev.systemauth.autoconfigure.web;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

import dev.systemauth.core.audit.ClientInfo;

/**
 * The client's IP and user agent for audit rows. The IP is the socket's peer address; only when that peer
 * is one of {@code auth.web.trusted-proxies} is {@code X-Forwarded-For} read: every header line, in order, as
 * one comma-separated list, walked right to left past trusted proxies. The first hop that is not a trusted
 * proxy is the client. A hop that is not an IP literal (a name, a port, a bracket, an empty entry) ends the
 * walk at the last trusted position, since nothing left of it can be trusted; no hop is ever resolved, so the
 * header cannot make the server query DNS. A client cannot forge its address by sending the header itself.
 */
public final class ClientInfoResolver {

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final Set<String> trustedProxies;

	public ClientInfoResolver(List<String> trustedProxies) {
		this.trustedProxies = Set.copyOf(trustedProxies);
	}

	public ClientInfo resolve(HttpServletRequest request) {
		return new ClientInfo(clientIp(request), request.getHeader(HttpHeaders.USER_AGENT));
	}

	private String clientIp(HttpServletRequest request) {
		String client = request.getRemoteAddr();
		if (!this.trustedProxies.contains(client)) {
			return client;
		}
		List<String> hops = forwardedFor(request);
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (!IpLiterals.isIpLiteral(hop)) {
				return client;
			}
			if (!this.trustedProxies.contains(hop)) {
				return hop;
			}
			client = hop;
		}
		return client;
	}

	/** Every {@code X-Forwarded-For} line (a proxy may append a line rather than extend the last one), split. */
	private static List<String> forwardedFor(HttpServletRequest request) {
		List<String> hops = new ArrayList<>();
		Enumeration<String> lines = request.getHeaders(X_FORWARDED_FOR);
		while (lines != null && lines.hasMoreElements()) {
			for (String hop : lines.nextElement().split(",", -1)) {
				hops.add(hop.strip());
			}
		}
		return hops;
	}

}
