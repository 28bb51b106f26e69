package dev.systemauth.autoconfigure;

import java.util.Base64;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;

import dev.systemauth.autoconfigure.mfa.AuthMfaAutoConfiguration;
import dev.systemauth.autoconfigure.mfa.AuthMfaProperties;
import dev.systemauth.autoconfigure.web.MfaEnrolmentController;
import dev.systemauth.autoconfigure.web.MfaVerificationController;
import dev.systemauth.core.flow.MfaVerificationFlow;
import dev.systemauth.core.flow.SignInCompletion;

import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.mfa.*}: off by default (no routes, sign-ins start sessions directly), on with a valid key, and
 * start-up failures that name the property without echoing the key.
 */
class AuthMfaAutoConfigurationTests {

	private static final String KEY = Base64.getEncoder().encodeToString(randomish(1));

	private static final String OTHER_KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(randomish(2));

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				AuthMfaAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void propertiesWhenDefaultsThenOffFiveMinutesFiveAttemptsNoKey() {
		AuthMfaProperties properties = new AuthMfaProperties();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getChallengeTtl()).isEqualTo(java.time.Duration.ofMinutes(5));
		assertThat(properties.getMaxFailedAttempts()).isEqualTo(5);
		assertThat(properties.getEncryptionKey()).isNull();
		assertThat(properties.getPreviousEncryptionKeys()).isEmpty();
		assertThat(properties.getIssuer()).isNull();
	}

	@Test
	void contextWhenDefaultsThenNoMfaBeansOrRoutes() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SignInCompletion.class)
			.doesNotHaveBean(MfaVerificationFlow.class)
			.doesNotHaveBean(MfaEnrolmentController.class)
			.doesNotHaveBean(MfaVerificationController.class));
	}

	@Test
	void contextWhenEnabledWithKeyAndPreviousKeyThenFlowsAndRoutes() {
		this.contextRunner
			.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + KEY,
					"auth.mfa.previous-encryption-keys[0]=" + OTHER_KEY)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SignInCompletion.class)
				.hasSingleBean(MfaEnrolmentController.class)
				.hasSingleBean(MfaVerificationController.class));
	}

	@Test
	void contextWhenEnabledWithoutKeyThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("auth.mfa.enabled=true")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.mfa.encryption-key is required")));
	}

	@Test
	void contextWhenKeyTooShortThenFailsNamingThePropertyWithoutTheValue() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });
		this.contextRunner.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + shortKey)
			.run((context) -> {
				assertThat(messages(context.getStartupFailure()))
					.anySatisfy((m) -> assertThat(m).contains("auth.mfa.encryption-key must be the base64 of exactly 32 bytes"));
				assertThat(String.join(" ", messages(context.getStartupFailure()))).doesNotContain(shortKey);
			});
	}

	@Test
	void contextWhenKeyNotRandomThenFailsAsWeak() {
		String zeros = Base64.getEncoder().encodeToString(new byte[32]);
		this.contextRunner.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + zeros)
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.mfa.encryption-key is too weak")));
	}

	@Test
	void contextWhenPreviousKeyNotBase64ThenFailsNamingItsIndex() {
		this.contextRunner
			.withPropertyValues("auth.mfa.enabled=true", "auth.mfa.encryption-key=" + KEY,
					"auth.mfa.previous-encryption-keys[0]=not*base64")
			.run((context) -> assertThat(messages(context.getStartupFailure()))
				.anySatisfy((m) -> assertThat(m).contains("auth.mfa.previous-encryption-keys[0] must be base64")));
	}

	private static byte[] randomish(int seed) {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (seed * 17 + i * 13);
		}
		return key;
	}

}
