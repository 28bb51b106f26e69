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
	void resolveWhenProxyAppendsForwardedForLineThenEveryLineIsReadInOrder() {
		// the client forged the first line; the trusted proxy appended what it saw as a line of its own
		MockHttpServletRequest request = request("10.0.0.1", "6.6.6.6");
		request.addHeader("X-Forwarded-For", "198.51.100.23");
		assertThat(new ClientInfoResolver(List.of("10.0.0.1")).resolve(request).ip()).isEqualTo("198.51.100.23");
		MockHttpServletRequest chain = request("10.0.0.1", "6.6.6.6, 203.0.113.99");
		chain.addHeader("X-Forwarded-For", "10.0.0.2");
		assertThat(new ClientInfoResolver(List.of("10.0.0.1", "10.0.0.2")).resolve(chain).ip())
			.isEqualTo("203.0.113.99");
	}

	@Test
	void resolveWhenHopIsNotAnIpLiteralThenWalkStopsAtLastTrustedPosition() {
		ClientInfoResolver resolver = new ClientInfoResolver(List.of("10.0.0.1", "10.0.0.2"));
		for (String garbage : List.of("evil.example.com", "localhost", "unknown", "", "203.0.113.99:443",
				"[2001:db8::1]", "fe80::1%eth0", "203.0.113.99 198.51.100.7", "1.2.3", "01.2.3.4", "256.1.1.1",
				"0x7f.0.0.1", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "_gateway", "127.1")) {
			assertThat(resolver.resolve(request("10.0.0.1", "198.51.100.7, " + garbage)).ip()).as(garbage)
				.isEqualTo("10.0.0.1");
			assertThat(resolver.resolve(request("10.0.0.1", "198.51.100.7, " + garbage + ", 10.0.0.2")).ip())
				.as(garbage)
				.isEqualTo("10.0.0.2");
			MockHttpServletRequest lines = request("10.0.0.1", "198.51.100.7");
			lines.addHeader("X-Forwarded-For", garbage);
			assertThat(resolver.resolve(lines).ip()).as(garbage).isEqualTo("10.0.0.1");
		}
	}

	@Test
	void resolveWhenHopsAreIpv4OrIpv6LiteralsThenAccepted() {
		ClientInfoResolver resolver = new ClientInfoResolver(List.of("10.0.0.1", "2001:db8::10"));
		for (String client : List.of("198.51.100.7", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::",
				"2001:DB8:0:0:8:800:200C:417A", "::ffff:198.51.100.7", "64:ff9b::192.0.2.33", "fe80::")) {
			assertThat(resolver.resolve(request("10.0.0.1", client + ",2001:db8::10")).ip()).isEqualTo(client);
		}
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
