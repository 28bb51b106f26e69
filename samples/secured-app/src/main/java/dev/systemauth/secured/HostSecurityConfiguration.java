package dev.systemauth.secured;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The host's own security, written as if the starter did not exist: one catch-all chain with HTTP basic,
 * operators on {@code /internal/**}, every other route authenticated, CSRF protection left on, and a CORS
 * policy for its front end. The starter's chain goes before this one and covers only {@code /auth/**} and
 * {@code /app/**}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class HostSecurityConfiguration {

	@Bean
	SecurityFilterChain hostSecurityFilterChain(HttpSecurity http) {
		// the error page is open so that a refusal keeps its status (a CSRF 403 would otherwise turn into a 401
		// when Boot dispatches it to /error without the caller's credentials)
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/error")
			.permitAll()
			.requestMatchers("/internal/**")
			.hasRole("OPERATOR")
			.anyRequest()
			.authenticated());
		http.httpBasic(withDefaults());
		return http.build();
	}

	/**
	 * The host's CORS policy, in Spring MVC: its front end may call the API from the browser. The starter's
	 * chain applies it ({@code cors()} reads Spring MVC's mappings when there is no
	 * {@code corsConfigurationSource} bean) before its token check, so preflights on the protected paths pass.
	 */
	@Bean
	WebMvcConfigurer corsPolicy(@Value("${secured.front-end-origin:http://localhost:3000}") String frontEndOrigin) {
		return new WebMvcConfigurer() {

			@Override
			public void addCorsMappings(CorsRegistry registry) {
				registry.addMapping("/**")
					.allowedOrigins(frontEndOrigin)
					.allowedMethods("GET", "POST", "DELETE")
					.allowedHeaders("Authorization", "Content-Type", "x-workspace-id");
			}

		};
	}

	@Bean
	UserDetailsService operators(@Value("${secured.operator.name:operator}") String name,
			@Value("${secured.operator.password}") String password) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername(name).password(encoder.encode(password)).roles("OPERATOR").build());
	}

}
