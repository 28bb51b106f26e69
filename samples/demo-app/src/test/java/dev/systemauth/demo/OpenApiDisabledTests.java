package dev.systemauth.demo;

import org.junit.jupiter.api.Test;

/**
 * By default ({@code auth.web.openapi.enabled=false}) the OpenAPI route is absent like any unmapped path.
 */
class OpenApiDisabledTests extends AbstractDemoAppTests {

	@Test
	void openApiRouteWhenDisabledThenSameAsAPathThatNeverExisted() {
		assertProblem(this.http.get("/auth/openapi.yaml"), 404, "not_found");
		assertAbsentRoute("/auth/openapi.yaml");
	}

}
