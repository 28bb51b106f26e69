package dev.systemauth.secured;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A host app that already has Spring Security: its own filter chain (HTTP basic for its operators on
 * {@code /internal/**}, everything else authenticated), method security, and the auth starter, whose routes
 * and protected paths ({@code /app/**}) work inside it with no further configuration.
 */
@SpringBootApplication
public class SecuredApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecuredApplication.class, args);
	}

}
