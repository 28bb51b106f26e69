package dev.systemauth.autoconfigure.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI description of the starter's routes ({@code docs/openapi.yaml}, packaged in the jar as
 * {@value #LOCATION}). Present only when {@code auth.web.openapi.enabled} is true.
 */
@RestController
@AuthEndpoint
public class OpenApiController {

	static final String LOCATION = "META-INF/system-auth/openapi.yaml";

	private static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

	private final byte[] description;

	public OpenApiController() {
		try (InputStream in = new ClassPathResource(LOCATION, OpenApiController.class.getClassLoader())
			.getInputStream()) {
			this.description = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + LOCATION, ex);
		}
	}

	@GetMapping(path = "${auth.web.base-path:/auth}/openapi.yaml")
	ResponseEntity<byte[]> openApi() {
		return ResponseEntity.ok().contentType(APPLICATION_YAML).body(this.description.clone());
	}

}
