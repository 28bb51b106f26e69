package dev.systemauth.autoconfigure.web;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

import dev.systemauth.core.audit.ClientInfo;

/**
 * The client's IP and user agent for audit rows. The IP is the socket's peer address; only when that peer
 * is one of {@code auth.web.trusted-proxies} is {@code X-Forwarded-For} read, right to left, skipping
 * trusted proxies, so a client cannot forge its address by sending the header itself.
 */
public final class ClientInfoResolver {

	private final Set<String> trustedProxies;

	public ClientInfoResolver(List<String> trustedProxies) {
		this.trustedProxies = Set.copyOf(trustedProxies);
	}

	public ClientInfo resolve(HttpServletRequest request) {
		return new ClientInfo(clientIp(request), request.getHeader(HttpHeaders.USER_AGENT));
	}

	private String clientIp(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		if (this.trustedProxies.isEmpty() || !this.trustedProxies.contains(peer)) {
			return peer;
		}
		String forwarded = request.getHeader("X-Forwarded-For");
		if (forwarded == null || forwarded.isBlank()) {
			return peer;
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].strip();
			if (!hop.isEmpty() && !this.trustedProxies.contains(hop)) {
				return hop;
			}
		}
		return peer;
	}

}
