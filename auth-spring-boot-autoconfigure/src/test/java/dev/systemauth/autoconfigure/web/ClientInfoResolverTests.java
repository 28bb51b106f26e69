package dev.systemauth.autoconfigure.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.systemauth.core.audit.ClientInfo;

import static org.assertj.core.api.Assertions.assertThat;

class ClientInfoResolverTests {

	@Test
	void resolveWhenNoTrustedProxiesThenForwardedHeaderIgnored() {
		MockHttpServletRequest request = request("198.51.100.7", "203.0.113.99");
		assertThat(new ClientInfoResolver(List.of()).resolve(request).ip()).isEqualTo("198.51.100.7");
	}

	@Test
	void resolveWhenPeerIsNotTrustedThenForgedForwardedHeaderIgnored() {
		MockHttpServletRequest request = request("198.51.100.7", "203.0.113.99");
		assertThat(new ClientInfoResolver(List.of("10.0.0.1")).resolve(request).ip()).isEqualTo("198.51.100.7");
	}

	@Test
	void resolveWhenPeerIsTrustedProxyThenRightmostUntrustedHopIsTheClient() {
		MockHttpServletRequest request = request("10.0.0.1", "1.2.3.4, 203.0.113.99, 10.0.0.2");
		ClientInfo client = new ClientInfoResolver(List.of("10.0.0.1", "10.0.0.2")).resolve(request);
		assertThat(client.ip()).isEqualTo("203.0.113.99");
	}

	@Test
	void resolveWhenTrustedProxySendsNoHeaderThenPeerAddress() {
		MockHttpServletRequest request = request("10.0.0.1", null);
		assertThat(new ClientInfoResolver(List.of("10.0.0.1")).resolve(request).ip()).isEqualTo("10.0.0.1");
	}

	@Test
	void resolveThenUserAgentIsTruncated() {
		MockHttpServletRequest request = request("198.51.100.7", null);
		request.addHeader("User-Agent", "x".repeat(2000));
		assertThat(new ClientInfoResolver(List.of()).resolve(request).userAgent()).hasSize(512);
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
