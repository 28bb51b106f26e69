package dev.systemauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import dev.systemauth.autoconfigure.web.JwksController;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.jwk.SigningAlgorithm;

import static dev.systemauth.autoconfigure.AuthTestSupport.ACCESS_SECRET;
import static dev.systemauth.autoconfigure.AuthTestSupport.VALID_PROPERTIES;
import static dev.systemauth.autoconfigure.AuthTestSupport.hostDataSource;
import static dev.systemauth.autoconfigure.AuthTestSupport.messages;
import static dev.systemauth.autoconfigure.AuthTestSupport.validPropertiesWithout;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.jwt.algorithm}, the signing key (PEM or key store) and the previous verification keys: what
 * each configuration signs with and publishes, and the start-up failures that name the property at fault
 * without echoing key material.
 */
class AuthJwksAutoConfigurationTests {

	private static final String KEY_STORE = "classpath:signing-keys/es256.p12";

	private static final String KEY_STORE_PASSWORD = "test-store-password";

	@RegisterExtension
	static final PerClassDatabase database = new PerClassDatabase();

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
				AuthJwksAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withBean(DataSource.class, database::hostDataSource)
		.withPropertyValues(VALID_PROPERTIES);


	@Test
	void contextWhenDefaultsThenHs256AndNothingPublished() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JwksController.class);
			assertThat(context.getBean(AccessTokenService.class).keys().algorithm()).isEqualTo(SigningAlgorithm.HS256);
		});
	}

	@Test
	void contextWhenEdDsaWithPemKeyThenSignsWithItAndPublishesItWithoutAccessSecret() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class, AuthWebAutoConfiguration.class,
					AuthJwksAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(validPropertiesWithout("auth.jwt.access-token-secret"))
			.withPropertyValues("auth.jwt.algorithm=EdDSA", "auth.jwt.signing-key=" + pem(pair.getPrivate()))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JwksController.class);
				AccessTokenService tokens = context.getBean(AccessTokenService.class);
				assertThat(tokens.keys().algorithm()).isEqualTo(SigningAlgorithm.EDDSA);
				String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
				assertThat(Jwts.parser().verifyWith(pair.getPublic()).build().parseSignedClaims(token).getHeader()
					.getAlgorithm()).isEqualTo("EdDSA");
			});
	}

	@Test
	void routesWhenIssuerIsNoUrlAndBasePathSetThenServedThereWithJwksUriFromTheRequest() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=EdDSA", "auth.jwt.signing-key=" + pem(pair.getPrivate()),
					"auth.web.base-path=/identity", "auth.jwt.jwk-set-max-age=90s")
			.run((context) -> {
				MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context).build());
				MvcTestResult keys = mvc.get().uri("/identity/.well-known/jwks.json").exchange();
				assertThat(keys).hasStatusOk().hasHeader(HttpHeaders.CACHE_CONTROL, "max-age=90, public");
				assertThat(keys).bodyJson().extractingPath("$.keys[0].kid")
					.isEqualTo(context.getBean(AccessTokenService.class).keyId());
				assertThat(keys).bodyJson().extractingPath("$.keys[0].crv").isEqualTo("Ed25519");
				MvcTestResult discovery = mvc.get().uri("/identity/.well-known/openid-configuration").exchange();
				assertThat(discovery).hasStatusOk();
				assertThat(discovery).bodyJson().extractingPath("$.issuer").isEqualTo("system-auth");
				assertThat(discovery).bodyJson().extractingPath("$.jwks_uri")
					.isEqualTo("http://localhost/identity/.well-known/jwks.json");
				assertThat(discovery).bodyJson().extractingPath("$.id_token_signing_alg_values_supported[0]")
					.isEqualTo("EdDSA");
				assertThat(mvc.get().uri("/auth/.well-known/jwks.json").exchange()).hasStatus(HttpStatus.NOT_FOUND);
			});
	}

	@Test
	void contextWhenPreviousVerificationKeysThenTheyVerifyAndArePublished() throws Exception {
		KeyPair current = rsa(2048);
		KeyPair previous = rsa(2048);
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=RS256", "auth.jwt.signing-key=" + pem(current.getPrivate()),
					"auth.jwt.previous-verification-keys[0]=" + pem(previous.getPublic()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AccessTokenService tokens = context.getBean(AccessTokenService.class);
				String previousKid = Jwks.builder().key(previous.getPublic()).build().thumbprint().toString();
				assertThat(tokens.keys().keyIds()).containsExactly(tokens.keyId(), previousKid);
				assertThat(tokens.keys().jwkSetJson()).contains(previousKid);
			});
	}

	@Test
	void contextWhenKeyStoreThenSignsWithItsEntryAndPublishesItsCertificatesKey() {
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=ES256", "auth.jwt.key-store.location=" + KEY_STORE,
					"auth.jwt.key-store.password=" + KEY_STORE_PASSWORD, "auth.jwt.key-store.alias=auth-signing")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JwksController.class);
				AccessTokenService tokens = context.getBean(AccessTokenService.class);
				assertThat(tokens.keys().algorithm()).isEqualTo(SigningAlgorithm.ES256);
				String token = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
				assertThat(tokens.verify(token)).isNotNull();
			});
	}

	@Test
	void contextWhenKeyStorePasswordWrongThenFailsNamingPropertyWithoutEchoingIt() {
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=ES256", "auth.jwt.key-store.location=" + KEY_STORE,
					"auth.jwt.key-store.password=wrong-password-value", "auth.jwt.key-store.alias=auth-signing")
			.run((context) -> {
				assertFailure(context, "auth.jwt.key-store.location", "cannot be read");
				assertThat(String.join("\n", messages(context.getStartupFailure()))).doesNotContain("wrong-password-value");
			});
	}

	@Test
	void contextWhenKeyStoreEntryOfAnotherTypeThenFailsNamingProperty() {
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=RS256", "auth.jwt.key-store.location=" + KEY_STORE,
					"auth.jwt.key-store.password=" + KEY_STORE_PASSWORD, "auth.jwt.key-store.alias=auth-signing")
			.run((context) -> assertFailure(context, "auth.jwt.key-store.location", "must be an RSA key for RS256"));
	}

	@Test
	void contextWhenAsymmetricWithoutKeyThenFailsNamingProperty() {
		this.contextRunner.withPropertyValues("auth.jwt.algorithm=ES256")
			.run((context) -> assertFailure(context, "auth.jwt.signing-key", "needs exactly one private key"));
	}

	@Test
	void contextWhenWeakRsaKeyThenFailsNamingPropertyWithoutEchoingKey() throws Exception {
		String weak = pem(rsa(1024).getPrivate());
		this.contextRunner.withPropertyValues("auth.jwt.algorithm=RS256", "auth.jwt.signing-key=" + weak)
			.run((context) -> {
				assertFailure(context, "auth.jwt.signing-key", "at least 2048 bits");
				assertThat(String.join("\n", messages(context.getStartupFailure())))
					.doesNotContain(weak.substring(40, 100));
			});
	}

	@Test
	void contextWhenSigningKeyOfAnotherTypeThenFailsNamingProperty() throws Exception {
		KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
		ec.initialize(new ECGenParameterSpec("secp256r1"));
		String ecKey = pem(ec.generateKeyPair().getPrivate());
		this.contextRunner.withPropertyValues("auth.jwt.algorithm=RS256", "auth.jwt.signing-key=" + ecKey)
			.run((context) -> assertFailure(context, "auth.jwt.signing-key", "must be a private key for RS256"));
		this.contextRunner.withPropertyValues("auth.jwt.algorithm=EdDSA", "auth.jwt.signing-key=" + ecKey)
			.run((context) -> assertFailure(context, "auth.jwt.signing-key", "must be a private key for EdDSA"));
	}

	@Test
	void contextWhenPreviousKeyOfAnotherTypeThenFailsNamingItsIndex() throws Exception {
		KeyPair current = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=EdDSA", "auth.jwt.signing-key=" + pem(current.getPrivate()),
					"auth.jwt.previous-verification-keys[0]=" + pem(current.getPublic()),
					"auth.jwt.previous-verification-keys[1]=" + pem(rsa(2048).getPublic()))
			.run((context) -> assertFailure(context, "auth.jwt.previous-verification-keys[1]",
					"must be a public key for EdDSA"));
	}

	@Test
	void contextWhenKeyGivenWithHs256ThenFailsRatherThanIgnoringIt() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		this.contextRunner.withPropertyValues("auth.jwt.signing-key=" + pem(pair.getPrivate()))
			.run((context) -> assertFailure(context, "auth.jwt.signing-key", "used only with auth.jwt.algorithm"));
		this.contextRunner.withPropertyValues("auth.jwt.previous-verification-keys[0]=" + pem(pair.getPublic()))
			.run((context) -> assertFailure(context, "auth.jwt.previous-verification-keys",
					"used only with auth.jwt.algorithm"));
	}

	@Test
	void contextWhenBothPemAndKeyStoreThenFailsNamingProperty() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		this.contextRunner
			.withPropertyValues("auth.jwt.algorithm=EdDSA", "auth.jwt.signing-key=" + pem(pair.getPrivate()),
					"auth.jwt.key-store.location=" + KEY_STORE, "auth.jwt.key-store.alias=auth-signing")
			.run((context) -> assertFailure(context, "auth.jwt.signing-key", "needs exactly one private key"));
	}

	@Test
	void contextWhenAlgorithmUnknownThenFailsNamingProperty() {
		for (String algorithm : List.of("HS512", "none", "PS256")) {
			this.contextRunner.withPropertyValues("auth.jwt.algorithm=" + algorithm)
				.run((context) -> assertFailure(context, "auth.jwt.algorithm", ""));
		}
	}

	@Test
	void contextWhenHs256AndAccessSecretMissingThenStillFailsNamingIt() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthCoreAutoConfiguration.class))
			.withBean(DataSource.class, database::hostDataSource)
			.withPropertyValues(validPropertiesWithout("auth.jwt.access-token-secret"))
			.withPropertyValues("auth.jwt.algorithm=HS256")
			.run((context) -> assertFailure(context, "auth.jwt.access-token-secret", "is required"));
	}

	private static void assertFailure(AssertableWebApplicationContext context, String property, String reason) {
		assertThat(context).hasFailed();
		List<String> messages = messages(context.getStartupFailure());
		assertThat(messages).anySatisfy((message) -> assertThat(message).contains(property).contains(reason));
		assertThat(String.join("\n", messages)).doesNotContain(ACCESS_SECRET);
	}

	private static KeyPair rsa(int bits) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return generator.generateKeyPair();
	}

	private static String pem(java.security.Key key) {
		String label = (key instanceof java.security.PrivateKey) ? "PRIVATE KEY" : "PUBLIC KEY";
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

}
