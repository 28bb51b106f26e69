package dev.systemauth.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} describes exactly the routes the starter maps, with every optional route on (an
 * identity provider enabled: its discovery is lazy, so nothing is asked of the issuer; the published keys need an
 * asymmetric algorithm: a test-only Ed25519 key), and {@code auth.web.openapi.enabled=true} serves it unchanged.
 */
@TestPropertySource(properties = { "auth.web.openapi.enabled=true", "auth.classic.magic-link=true",
		"auth.sso.enabled=true", "auth.sso.client-id=demo", "auth.sso.client-secret=secret",
		"auth.sso.issuer-uri=http://127.0.0.1:9/never-asked", "auth.jwt.algorithm=EdDSA",
		"auth.jwt.signing-key=-----BEGIN PRIVATE KEY-----\\n"
				+ "MC4CAQAwBQYDK2VwBCIEIPBrtd/HEnYZQlBZjSKXsyt2C0VLQMGj8p01L7oxSSP9\\n-----END PRIVATE KEY-----" })
class OpenApiTests extends AbstractDemoAppTests {

	static final Path OPENAPI = Path.of("../../docs/openapi.yaml");

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	@Autowired
	Environment environment;

	@Test
	void documentedRoutesWhenComparedWithMappedRoutesThenEqual() throws IOException {
		assertThat(documentedRoutes(Files.readString(OPENAPI))).as("documented routes (left) vs mapped routes")
			.isEqualTo(mappedRoutes());
	}

	@Test
	void openApiRouteWhenEnabledThenServesTheFileUnchanged() throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/auth/openapi.yaml")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/yaml"));
		assertThat(response.body()).isEqualTo(Files.readAllBytes(OPENAPI));
	}

	static Set<String> documentedRoutes(String yaml) {
		Map<String, Object> document = new Yaml().load(yaml);
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		Set<String> routes = new TreeSet<>();
		paths.forEach((path, operations) -> operations.keySet()
			.stream()
			.filter(METHODS::contains)
			.forEach((method) -> routes.add(method.toUpperCase() + " " + path)));
		return routes;
	}

	Set<String> mappedRoutes() {
		String basePath = this.environment.getProperty("auth.web.base-path", "/auth");
		Set<String> routes = new TreeSet<>();
		this.handlerMapping.getHandlerMethods().keySet().forEach((info) -> {
			for (String path : info.getPatternValues()) {
				String resolved = this.environment.resolvePlaceholders(path);
				if (!resolved.equals(basePath) && !resolved.startsWith(basePath + "/")) {
					continue;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as("methods of %s", resolved).isNotEmpty();
				methods.forEach((method) -> routes.add(method.name() + " " + resolved));
			}
		});
		return routes;
	}

}
