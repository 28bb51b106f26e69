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

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The host's own security, written as if the starter did not exist: one catch-all chain with HTTP basic,
 * operators on {@code /internal/**}, every other route authenticated, CSRF protection left on. The
 * starter's chain goes before this one and covers only {@code /auth/**} and {@code /app/**}.
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

	@Bean
	UserDetailsService operators(@Value("${secured.operator.name:operator}") String name,
			@Value("${secured.operator.password}") String password) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername(name).password(encoder.encode(password)).roles("OPERATOR").build());
	}

}
