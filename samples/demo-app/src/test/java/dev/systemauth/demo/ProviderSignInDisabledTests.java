package dev.systemauth.demo;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no identity provider enabled (the demo's configuration), the provider routes are the same 404
 * {@code not_found} as a path that never existed.
 */
class ProviderSignInDisabledTests extends AbstractDemoAppTests {

	@Test
	void providerRoutesWhenNoProviderEnabledThenNotFound() {
		for (String path : List.of("/auth/oauth/github/authorize", "/auth/oauth/google/callback?code=c&state=s",
				"/auth/oauth/sso/authorize", "/auth/oauth/okta/callback")) {
			DemoClient.Response response = this.http.get(path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.code()).as(path).isEqualTo("not_found");
		}
		DemoClient.Response exchange = this.http.post("/auth/oauth/exchange", DemoClient.json("code", "c"));
		assertThat(exchange.status()).isEqualTo(404);
		assertThat(exchange.code()).isEqualTo("not_found");
	}

}
