package dev.systemauth.resourceserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Another service of the same system: it has nothing of system-auth, only Spring Security's OAuth2 resource
 * server, configured with the starter's JWK Set URL ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri})
 * and nothing else. Boot's default resource-server chain then accepts the starter's access tokens (RS256) on
 * every route.
 */
@SpringBootApplication
public class ResourceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ResourceServerApplication.class, args);
	}

}
