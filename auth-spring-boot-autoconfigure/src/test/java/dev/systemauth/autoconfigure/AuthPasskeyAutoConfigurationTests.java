package dev.systemauth.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import dev.systemauth.autoconfigure.mfa.AuthMfaAutoConfiguration;
import dev.systemauth.autoconfigure.passkey.AuthPasskeyAutoConfiguration;
import dev.systemauth.autoconfigure.passkey.AuthPasskeyProperties;
import dev.systemauth.autoconfigure.web.PasskeyRegistrationController;
import dev.systemauth.autoconfigure.web.PasskeySignInController;
import dev.systemauth.autoconfigure.web.PasskeysController;
import dev.systemauth.core.flow.PasskeySignInFlow;
import dev.systemauth.core.flow.SecondFactorMethods;
import dev.systemauth.core.passkey.PasskeySettings;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.passkeys.*}: off by default (no routes), on with a relying party id and origins, and start-up
 * failures that name the property when they are missing or do not fit together.
 */
class AuthPasskeyAutoConfigurationTests {

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				AuthMfaAutoConfiguration.class, AuthPasskeyAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void propertiesWhenDefaultsThenOffFiveMinutesNoRelyingParty() {
		AuthPasskeyProperties properties = new AuthPasskeyProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getRpId()).isNull();
		assertThat(properties.getRpName()).isNull();
		assertThat(properties.getOrigins()).isEmpty();
		assertThat(properties.getChallengeTtl()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void contextWhenDefaultsThenNoPasskeyBeansOrRoutes() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(PasskeySignInFlow.class)
			.doesNotHaveBean(SecondFactorMethods.class)
			.doesNotHaveBean(PasskeyRegistrationController.class)
			.doesNotHaveBean(PasskeySignInController.class)
			.doesNotHaveBean(PasskeysController.class));
	}

	@Test
	void contextWhenEnabledWithRelyingPartyThenFlowsAndRoutes() {
		this.contextRunner
			.withPropertyValues("spring.application.name=shop", "auth.passkeys.enabled=true",
					"auth.passkeys.rp-id=example.com",
					"auth.passkeys.origins=https://example.com,https://app.example.com:8443/")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(PasskeySignInFlow.class)
					.hasSingleBean(SecondFactorMethods.class)
					.hasSingleBean(PasskeyRegistrationController.class)
					.hasSingleBean(PasskeySignInController.class)
					.hasSingleBean(PasskeysController.class);
				PasskeySettings settings = context.getBean(PasskeySettings.class);
				assertThat(settings.rpName()).isEqualTo("shop");
				assertThat(settings.origins()).containsExactly("https://example.com", "https://app.example.com:8443");
			});
	}

	@Test
	void contextWhenLocalhostOverHttpThenAccepted() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=localhost",
					"auth.passkeys.origins=http://localhost:8080,http://localhost:3000")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PasskeySignInFlow.class));
	}

	@Test
	void contextWhenEnabledWithoutRpIdThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.origins=https://example.com")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.rp-id is required")));
	}

	@Test
	void contextWhenEnabledWithoutOriginsThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=example.com")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.origins is required")));
	}

	@Test
	void contextWhenOriginOverPlainHttpThenFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=example.com",
					"auth.passkeys.origins=https://example.com,http://app.example.com")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.origins[1] must use https")));
	}

	@Test
	void contextWhenOriginOutsideRpIdThenFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=example.com",
					"auth.passkeys.origins=https://example.com.evil.test")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.origins[0] has host 'example.com.evil.test'")));
	}

	@Test
	void contextWhenOriginHasPathThenFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=example.com",
					"auth.passkeys.origins=https://example.com/app")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.origins[0] must be a bare origin")));
	}

	@Test
	void contextWhenRpIdIsAUrlThenFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=https://example.com",
					"auth.passkeys.origins=https://example.com")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.rp-id must be a lower-case domain name")));
	}

	@Test
	void contextWhenChallengeTtlTooLongThenFailsNamingIt() {
		this.contextRunner
			.withPropertyValues("auth.passkeys.enabled=true", "auth.passkeys.rp-id=example.com",
					"auth.passkeys.origins=https://example.com", "auth.passkeys.challenge-ttl=1h")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.passkeys.challenge-ttl")));
	}

}
