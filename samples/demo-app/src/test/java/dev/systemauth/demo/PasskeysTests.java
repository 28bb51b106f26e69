package dev.systemauth.demo;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.systemauth.core.mfa.Base32;
import dev.systemauth.core.mfa.Totp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys over real HTTP (issue 13, passkey half), with {@link SoftwareAuthenticator} standing in for the
 * browser and the device: registration, listing, usernameless sign-in into an ordinary session, deletion, the
 * passkey as second factor after a password, and the attacker's paths (another origin or relying party, a
 * replayed or concurrently reused assertion, a cloned authenticator, a foreign user handle, another user's
 * challenge or passkey, no user verification, malformed input).
 */
class PasskeysTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "mfa-e2e-passphrase";

	private static final String ORIGIN = "http://localhost:3000";

	@Test
	void registrationWhenNoBearerThenInvalidToken() {
		assertProblem(this.http.post("/auth/passkeys/registration/options", "{}"), 401, "invalid_token");
		assertProblem(this.http.post("/auth/passkeys/registration/verify", "{}"), 401, "invalid_token");
		assertProblem(this.http.get("/auth/passkeys"), 401, "invalid_token");
		assertProblem(this.http.send(this.http.request("/auth/passkeys/" + UUID.randomUUID()).DELETE()), 401,
				"invalid_token");
	}

	@Test
	void registerListSignInWithoutUsernameThenOrdinarySessionThenDeleteRefusesTheSignIn() {
		String email = uniqueEmail("passkey-flow");
		Tokens tokens = registerVerified(email, PASSWORD);
		SoftwareAuthenticator device = new SoftwareAuthenticator(ORIGIN, "localhost");

		DemoClient.Response options = registrationOptions(tokens);
		assertThat(options.status()).as("%s", options).isEqualTo(200);
		assertThat(options.header("Cache-Control")).contains("no-store");
		JsonNode creation = options.json();
		assertThat(creation.get("rp").get("id").asString()).isEqualTo("localhost");
		assertThat(creation.get("rp").get("name").asString()).isEqualTo("system-auth-demo");
		assertThat(creation.get("user").get("id").asString()).isEqualTo(SoftwareAuthenticator.b64(handle(tokens.userId())));
		assertThat(creation.get("user").get("name").asString()).isEqualTo(email);
		assertThat(creation.get("challenge").asString()).matches("[A-Za-z0-9_-]{43}");
		assertThat(creation.get("pubKeyCredParams").toString())
			.isEqualTo("[{\"type\":\"public-key\",\"alg\":-7},{\"type\":\"public-key\",\"alg\":-8},"
					+ "{\"type\":\"public-key\",\"alg\":-257}]");
		assertThat(creation.get("timeout").asLong()).isEqualTo(300_000);
		assertThat(creation.get("excludeCredentials").isEmpty()).isTrue();
		assertThat(creation.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
		assertThat(creation.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
		assertThat(creation.get("attestation").asString()).isEqualTo("none");

		DemoClient.Response registered = register(tokens, device.create(creation), "Laptop");
		assertThat(registered.status()).as("%s", registered).isEqualTo(201);
		assertThat(registered.json().propertyNames()).containsExactlyInAnyOrder("passkeyId", "name", "createdAt",
				"lastUsedAt");
		assertThat(registered.json().get("name").asString()).isEqualTo("Laptop");
		String passkeyId = registered.json().get("passkeyId").asString();
		String credentialId = SoftwareAuthenticator.b64(device.credentials().get(0).id());
		assertThat(registrationOptions(tokens).json().get("excludeCredentials").toString()).contains(credentialId);

		JsonNode listed = this.http.get("/auth/passkeys", bearer(tokens)).json();
		assertThat(listed.get("passkeys")).hasSize(1);
		assertThat(listed.get("passkeys").get(0).propertyNames()).containsExactlyInAnyOrder("passkeyId", "name",
				"createdAt", "lastUsedAt");
		assertThat(listed.get("passkeys").get(0).get("lastUsedAt").isNull()).isTrue();

		DemoClient.Response requestOptions = this.http.post("/auth/passkeys/authentication/options", "{}");
		assertThat(requestOptions.status()).isEqualTo(200);
		assertThat(requestOptions.header("Cache-Control")).contains("no-store");
		JsonNode request = requestOptions.json();
		assertThat(request.get("rpId").asString()).isEqualTo("localhost");
		assertThat(request.get("userVerification").asString()).isEqualTo("required");
		assertThat(request.get("allowCredentials").isEmpty()).isTrue();

		DemoClient.Response signedIn = signIn(device.get(request));
		assertTokenResponse(signedIn);
		Tokens session = Tokens.of(signedIn);
		assertThat(session.userId()).isEqualTo(tokens.userId());
		assertThat(tenantMe(session.accessToken(), session.workspaceId()).status()).isEqualTo(200);
		assertThat(this.http.get("/auth/sessions", bearer(session)).json().toString())
			.contains(TestJwts.claims(session.accessToken()).get("sid").asString());
		assertThat(this.http.get("/auth/passkeys", bearer(tokens)).json().get("passkeys").get(0).get("lastUsedAt")
			.isNull()).isFalse();
		assertThat(this.http.post("/auth/logout", DemoClient.json("refreshToken", session.refreshToken())).status())
			.isEqualTo(204);
		assertProblem(refresh(session.refreshToken()), 401, "invalid_token");

		assertThat(delete(tokens, passkeyId).status()).isEqualTo(204);
		assertThat(this.http.get("/auth/passkeys", bearer(tokens)).json().get("passkeys").isEmpty()).isTrue();
		assertProblem(signIn(device.get(authenticationOptions())), 401, "invalid_credentials");
		assertThat(auditOf(tokens.userId())).contains("passkey_registered:success", "passkey_login_success:success",
				"passkey_deleted:success");
		String details = this.jdbc.queryForList(
				"SELECT coalesce(details::text, '') FROM auth.audit_logs WHERE user_id = ? AND event_type LIKE 'passkey%'",
				String.class, tokens.userId()).toString();
		assertThat(details).doesNotContain(credentialId).doesNotContain(creation.get("challenge").asString());
	}

	@Test
	void storedWhenRegisteredThenOnlyHashesOfChallengesAndNoPrivateKey() {
		Tokens tokens = registerVerified(uniqueEmail("passkey-at-rest"), PASSWORD);
		SoftwareAuthenticator device = new SoftwareAuthenticator(ORIGIN, "localhost");
		JsonNode creation = registrationOptions(tokens).json();
		assertThat(register(tokens, device.create(creation), null).json().get("name").asString()).isEqualTo("Passkey");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth.passkey_challenges WHERE challenge_hash = ?",
				Integer.class, creation.get("challenge").asString())).isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.passkey_challenges WHERE user_id = ? AND consumed_at IS NOT NULL",
				Integer.class, tokens.userId())).isEqualTo(1);
	}

	@Test
	void signInWhenAssertionReplayedThenInvalidChallenge() {
		Registered user = registered("passkey-replay");
		Map<String, Object> assertion = user.device().get(authenticationOptions());
		assertTokenResponse(signIn(assertion));
		assertProblem(signIn(assertion), 400, "invalid_challenge");
	}

	@Test
	void signInWhenOneAssertionVerifiedConcurrentlyThenExactlyOneSession() throws Exception {
		Registered user = registered("passkey-race");
		String body = DemoClient.json("credential", user.device().get(authenticationOptions()));
		int clients = 8;
		ExecutorService executor = Executors.newFixedThreadPool(clients);
		List<Integer> statuses = new ArrayList<>();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<DemoClient.Response>> answers = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				DemoClient client = new DemoClient(this.port);
				answers.add(executor.submit(() -> {
					start.await();
					return client.post("/auth/passkeys/authentication/verify", body);
				}));
			}
			start.countDown();
			for (Future<DemoClient.Response> answer : answers) {
				DemoClient.Response response = answer.get(60, TimeUnit.SECONDS);
				statuses.add(response.status());
				if (response.status() != 200) {
					assertThat(response.code()).isEqualTo("invalid_challenge");
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(statuses).filteredOn((s) -> s == 200).hasSize(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM auth.audit_logs WHERE user_id = ? AND event_type = 'passkey_login_success'",
				Integer.class, user.tokens().userId())).isEqualTo(1);
	}

	@Test
	void signInWhenAnotherOriginThenInvalidCredentials() {
		Registered user = registered("passkey-phish");
		assertProblem(signIn(user.device().withOrigin("https://evil.example").get(authenticationOptions())), 401,
				"invalid_credentials");
		assertProblem(signIn(user.device().withOrigin("http://localhost:9999").get(authenticationOptions())), 401,
				"invalid_credentials");
		assertTokenResponse(signIn(user.device().get(authenticationOptions())));
	}

	@Test
	void signInWhenAnotherRelyingPartyThenInvalidCredentials() {
		Registered user = registered("passkey-rpid");
		assertProblem(signIn(user.device().withRpId("evil.example").get(authenticationOptions())), 401,
				"invalid_credentials");
	}

	@Test
	void signInWhenUserNotVerifiedThenInvalidCredentials() {
		Registered user = registered("passkey-no-uv");
		assertProblem(signIn(user.device().withoutUserVerification().get(authenticationOptions())), 401,
				"invalid_credentials");
	}

	@Test
	void registerWhenAnotherOriginOrRelyingPartyOrNoUserVerificationThenInvalidPasskey() {
		Tokens tokens = registerVerified(uniqueEmail("passkey-bad-reg"), PASSWORD);
		SoftwareAuthenticator device = new SoftwareAuthenticator(ORIGIN, "localhost");
		assertProblem(register(tokens, device.withOrigin("https://evil.example").create(registrationOptions(tokens).json()),
				null), 400, "invalid_passkey");
		assertProblem(register(tokens, device.withRpId("evil.example").create(registrationOptions(tokens).json()), null),
				400, "invalid_passkey");
		assertProblem(register(tokens, device.withoutUserVerification().create(registrationOptions(tokens).json()), null),
				400, "invalid_passkey");
		assertThat(this.http.get("/auth/passkeys", bearer(tokens)).json().get("passkeys").isEmpty()).isTrue();
	}

	@Test
	void registerWhenResponseReplayedThenInvalidChallengeAndWhenSameCredentialAgainThenConflict() {
		Tokens tokens = registerVerified(uniqueEmail("passkey-rereg"), PASSWORD);
		SoftwareAuthenticator device = new SoftwareAuthenticator(ORIGIN, "localhost");
		Map<String, Object> created = device.create(registrationOptions(tokens).json());
		assertThat(register(tokens, created, null).status()).isEqualTo(201);
		assertProblem(register(tokens, created, null), 400, "invalid_challenge");
		// the same credential answering a fresh challenge: already registered
		assertProblem(reregister(tokens, device), 409, "passkey_already_registered");
	}

	@Test
	void signInWhenCounterDoesNotGrowThenRefusedAndAuditedAsClonedAuthenticator() {
		Registered user = registered("passkey-clone");
		SoftwareAuthenticator.Credential credential = user.device().credentials().get(0);
		assertTokenResponse(signIn(user.device().get(authenticationOptions(), credential, 5)));
		assertProblem(signIn(user.device().get(authenticationOptions(), credential, 5)), 401, "invalid_credentials");
		assertProblem(signIn(user.device().get(authenticationOptions(), credential, 3)), 401, "invalid_credentials");
		assertThat(auditOf(user.tokens().userId())).contains("passkey_counter_regression:denied");
		assertThat(this.jdbc.queryForObject("SELECT sign_count FROM auth.passkey_credentials WHERE user_id = ?",
				Long.class, user.tokens().userId())).isEqualTo(5);
		assertTokenResponse(signIn(user.device().get(authenticationOptions(), credential, 6)));
	}

	@Test
	void signInWhenUserHandleIsNotTheCredentialOwnersThenInvalidCredentials() {
		Registered victim = registered("passkey-victim");
		Registered attacker = registered("passkey-attacker");
		Map<String, Object> assertion = attacker.device().get(authenticationOptions());
		@SuppressWarnings("unchecked")
		Map<String, Object> response = new LinkedHashMap<>((Map<String, Object>) assertion.get("response"));
		response.put("userHandle", SoftwareAuthenticator.b64(handle(victim.tokens().userId())));
		Map<String, Object> forged = new LinkedHashMap<>(assertion);
		forged.put("response", response);
		assertProblem(signIn(forged), 401, "invalid_credentials");
		// and the victim's credential id with the attacker's key: the signature does not verify
		Map<String, Object> stolenId = new LinkedHashMap<>(attacker.device().get(authenticationOptions()));
		String victimId = SoftwareAuthenticator.b64(victim.device().credentials().get(0).id());
		stolenId.put("id", victimId);
		stolenId.put("rawId", victimId);
		@SuppressWarnings("unchecked")
		Map<String, Object> stolenResponse = new LinkedHashMap<>((Map<String, Object>) stolenId.get("response"));
		stolenResponse.put("userHandle", SoftwareAuthenticator.b64(handle(victim.tokens().userId())));
		stolenId.put("response", stolenResponse);
		assertProblem(signIn(stolenId), 401, "invalid_credentials");
	}

	@Test
	void deleteWhenAnotherUsersPasskeyThenNotFoundAndItStays() {
		Registered owner = registered("passkey-owner");
		Tokens other = registerVerified(uniqueEmail("passkey-other"), PASSWORD);
		assertProblem(delete(other, owner.passkeyId()), 404, "not_found");
		assertProblem(delete(other, "not-a-uuid"), 404, "not_found");
		assertProblem(delete(owner.tokens(), UUID.randomUUID().toString()), 404, "not_found");
		assertThat(this.http.get("/auth/passkeys", bearer(owner.tokens())).json().get("passkeys")).hasSize(1);
		assertThat(this.http.get("/auth/passkeys", bearer(other)).json().get("passkeys").isEmpty()).isTrue();
	}

	@Test
	void registerWhenChallengeIssuedToAnotherUserThenInvalidChallengeAndTheOwnerCanStillUseIt() {
		Tokens alice = registerVerified(uniqueEmail("passkey-alice"), PASSWORD);
		Tokens mallory = registerVerified(uniqueEmail("passkey-mallory"), PASSWORD);
		JsonNode aliceOptions = registrationOptions(alice).json();
		SoftwareAuthenticator malloryDevice = new SoftwareAuthenticator(ORIGIN, "localhost");
		assertProblem(register(mallory, malloryDevice.create(aliceOptions), null), 400, "invalid_challenge");
		assertThat(register(alice, new SoftwareAuthenticator(ORIGIN, "localhost").create(aliceOptions), null).status())
			.isEqualTo(201);
	}

	@Test
	void verifyWhenMalformedThenBadRequestNeverServerError() {
		Tokens tokens = registerVerified(uniqueEmail("passkey-malformed"), PASSWORD);
		assertProblem(this.http.post("/auth/passkeys/registration/verify", "[]", bearer(tokens)), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/passkeys/registration/verify", "{}", bearer(tokens)), 400,
				"validation_failed");
		assertProblem(this.http.post("/auth/passkeys/registration/verify", "{\"credential\": \"x\"}", bearer(tokens)),
				400, "malformed_request");
		assertProblem(this.http.post("/auth/passkeys/registration/verify", "{\"credential\": {", bearer(tokens)), 400,
				"malformed_request");
		assertProblem(register(tokens, credential("response", Map.of("clientDataJSON", "%%%", "attestationObject", "AA")),
				null), 400, "validation_failed");
		assertProblem(register(tokens, credential("response", Map.of("clientDataJSON", "bm90IGpzb24",
				"attestationObject", "bm90IGNib3I")), null), 400, "invalid_passkey");
		assertProblem(register(tokens, credential("response", Map.of("clientDataJSON", 7, "attestationObject", "AA")),
				null), 400, "malformed_request");
		assertProblem(this.http.post("/auth/passkeys/authentication/verify", "{}"), 400, "validation_failed");
		assertProblem(signIn(credential("response", Map.of("clientDataJSON", "bm90IGpzb24", "authenticatorData", "AAAA",
				"signature", "AAAA", "userHandle", "%%"))), 400, "validation_failed");
		assertProblem(signIn(credential("response", Map.of("clientDataJSON", "bm90IGpzb24", "authenticatorData", "AAAA",
				"signature", "AAAA"))), 400, "validation_failed");
		assertProblem(this.http.post("/auth/passkeys/authentication/verify",
				DemoClient.json("credential", credential("response", Map.of()), "workspaceId", "nope")), 400,
				"malformed_request");
		assertProblem(this.http.post("/auth/passkeys/authentication/options", DemoClient.json("mfaToken", 5)), 400,
				"malformed_request");
	}

	@Test
	void secondFactorWhenTotpUserHasAPasskeyThenMethodsListItAndTheAssertionCompletesTheSignIn() {
		Registered user = registered("passkey-2fa");
		String secret = enrolTotp(user.tokens());
		DemoClient.Response login = this.http.post("/auth/login",
				DemoClient.json("email", user.email(), "password", PASSWORD));
		assertThat(login.json().get("mfaRequired").asBoolean()).isTrue();
		assertThat(login.json().get("methods").toString()).isEqualTo("[\"totp\",\"recovery_code\",\"passkey\"]");
		String mfaToken = login.json().get("mfaToken").asString();

		JsonNode options = authenticationOptions(mfaToken);
		assertThat(options.get("allowCredentials").toString())
			.contains(SoftwareAuthenticator.b64(user.device().credentials().get(0).id()));
		DemoClient.Response verified = signIn(user.device().get(options), "mfaToken", mfaToken);
		assertTokenResponse(verified);
		Tokens session = Tokens.of(verified);
		assertThat(session.userId()).isEqualTo(user.tokens().userId());
		assertThat(this.http.get("/auth/sessions", bearer(session)).json().toString())
			.contains(TestJwts.claims(session.accessToken()).get("sid").asString());
		// single use: the token is spent, for passkeys and codes alike
		assertProblem(signIn(user.device().get(authenticationOptions()), "mfaToken", mfaToken), 401, "invalid_token");
		assertProblem(this.http.post("/auth/mfa/verify", DemoClient.json("mfaToken", mfaToken, "code",
				Totp.code(Base32.decode(secret), Totp.step(Instant.now()), Totp.DIGITS))), 401, "invalid_token");
		assertThat(auditOf(user.tokens().userId())).contains("mfa_verified:success", "passkey_login_success:success");
	}

	@Test
	void secondFactorWhenPasskeyOfAnotherUserOrTokenUnknownThenRefused() {
		Registered user = registered("passkey-2fa-owner");
		enrolTotp(user.tokens());
		Registered other = registered("passkey-2fa-other");
		String mfaToken = this.http.post("/auth/login", DemoClient.json("email", user.email(), "password", PASSWORD))
			.json()
			.get("mfaToken")
			.asString();
		// another user's valid passkey does not complete my sign-in (and counts as a wrong attempt)
		assertProblem(signIn(other.device().get(authenticationOptions(mfaToken)), "mfaToken", mfaToken), 401,
				"invalid_credentials");
		// a challenge for the usernameless sign-in is not one for this mfaToken
		assertProblem(signIn(user.device().get(authenticationOptions()), "mfaToken", mfaToken), 400,
				"invalid_challenge");
		assertProblem(this.http.post("/auth/passkeys/authentication/options", DemoClient.json("mfaToken", "nope")), 401,
				"invalid_token");
		assertProblem(signIn(user.device().get(authenticationOptions()), "mfaToken", "nope"), 401, "invalid_token");
		assertTokenResponse(signIn(user.device().get(authenticationOptions(mfaToken)), "mfaToken", mfaToken));
	}

	@Test
	void secondFactorWhenUserHasNoPasskeyThenMethodsAreTotpOnly() {
		String email = uniqueEmail("passkey-2fa-none");
		Tokens tokens = registerVerified(email, PASSWORD);
		enrolTotp(tokens);
		DemoClient.Response login = this.http.post("/auth/login", DemoClient.json("email", email, "password", PASSWORD));
		assertThat(login.json().get("methods").toString()).isEqualTo("[\"totp\",\"recovery_code\"]");
	}

	@Test
	void firstFactorWhenUserAlsoHasTotpThenThePasskeyAloneStartsTheSession() {
		Registered user = registered("passkey-first-mfa");
		enrolTotp(user.tokens());
		assertTokenResponse(signIn(user.device().get(authenticationOptions())));
	}

	@Test
	void firstFactorWhenWorkspaceRequiresMfaAndUserHasNoTotpThenTheEnrolmentAnswerInsteadOfTokens() {
		Registered user = registered("passkey-policy");
		this.jdbc.update("UPDATE auth.workspaces SET mfa_required = true WHERE id = ?", user.tokens().workspaceId());
		DemoClient.Response diverted = signIn(user.device().get(authenticationOptions()));
		assertThat(diverted.status()).as("%s", diverted).isEqualTo(200);
		assertThat(diverted.json().propertyNames()).containsExactlyInAnyOrder("mfaEnrolmentRequired", "enrolmentToken",
				"expiresIn");
		String enrolmentToken = diverted.json().get("enrolmentToken").asString();
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll",
				DemoClient.json("enrolmentToken", enrolmentToken));
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		String code = Totp.code(Base32.decode(enrolled.json().get("secret").asString()), Totp.step(Instant.now()),
				Totp.DIGITS);
		DemoClient.Response confirmed = this.http.post("/auth/mfa/totp/confirm",
				DemoClient.json("enrolmentToken", enrolmentToken, "code", code));
		assertTokenResponse(confirmed);
		// with TOTP confirmed, the passkey alone signs in to the workspace again
		assertTokenResponse(signIn(user.device().get(authenticationOptions())));
	}

	@Test
	void signInWhenAccountSuspendedThenAccountDisabled() {
		Registered user = registered("passkey-suspended");
		this.jdbc.update("UPDATE auth.users SET status = 'suspended' WHERE id = ?", user.tokens().userId());
		assertProblem(signIn(user.device().get(authenticationOptions())), 403, "account_disabled");
	}

	private Registered registered(String prefix) {
		String email = uniqueEmail(prefix);
		Tokens tokens = registerVerified(email, PASSWORD);
		SoftwareAuthenticator device = new SoftwareAuthenticator(ORIGIN, "localhost");
		DemoClient.Response registered = register(tokens, device.create(registrationOptions(tokens).json()), null);
		assertThat(registered.status()).as("%s", registered).isEqualTo(201);
		return new Registered(email, tokens, device, registered.json().get("passkeyId").asString());
	}

	private DemoClient.Response reregister(Tokens tokens, SoftwareAuthenticator device) {
		// answers a fresh challenge with the first credential's id and key: the credential id exists already
		JsonNode options = registrationOptions(tokens).json();
		SoftwareAuthenticator.Credential first = device.credentials().get(0);
		Map<String, Object> created = device.createWith(options, first);
		return register(tokens, created, null);
	}

	private String enrolTotp(Tokens tokens) {
		DemoClient.Response enrolled = this.http.post("/auth/mfa/totp/enroll", "{}", bearer(tokens));
		assertThat(enrolled.status()).as("%s", enrolled).isEqualTo(200);
		String secret = enrolled.json().get("secret").asString();
		String code = Totp.code(Base32.decode(secret), Totp.step(Instant.now()) - 1, Totp.DIGITS);
		assertThat(this.http.post("/auth/mfa/totp/confirm", DemoClient.json("code", code), bearer(tokens)).status())
			.isEqualTo(200);
		return secret;
	}

	private DemoClient.Response registrationOptions(Tokens tokens) {
		return this.http.post("/auth/passkeys/registration/options", "{}", bearer(tokens));
	}

	private DemoClient.Response register(Tokens tokens, Map<String, Object> credential, String name) {
		return this.http.post("/auth/passkeys/registration/verify", DemoClient.json("credential", credential, "name", name),
				bearer(tokens));
	}

	private JsonNode authenticationOptions() {
		DemoClient.Response options = this.http.post("/auth/passkeys/authentication/options", "{}");
		assertThat(options.status()).as("%s", options).isEqualTo(200);
		return options.json();
	}

	private JsonNode authenticationOptions(String mfaToken) {
		DemoClient.Response options = this.http.post("/auth/passkeys/authentication/options",
				DemoClient.json("mfaToken", mfaToken));
		assertThat(options.status()).as("%s", options).isEqualTo(200);
		return options.json();
	}

	private DemoClient.Response signIn(Map<String, Object> credential, Object... more) {
		Object[] fields = new Object[2 + more.length];
		fields[0] = "credential";
		fields[1] = credential;
		System.arraycopy(more, 0, fields, 2, more.length);
		return this.http.post("/auth/passkeys/authentication/verify", DemoClient.json(fields));
	}

	private DemoClient.Response delete(Tokens tokens, String passkeyId) {
		return this.http.send(this.http.request("/auth/passkeys/" + passkeyId, bearer(tokens)).DELETE());
	}

	private List<String> auditOf(UUID userId) {
		return this.jdbc.queryForList("SELECT event_type || ':' || outcome FROM auth.audit_logs WHERE user_id = ?",
				String.class, userId);
	}

	private static Map<String, Object> credential(String key, Object value) {
		Map<String, Object> credential = new LinkedHashMap<>();
		credential.put("id", "AAAA");
		credential.put("rawId", "AAAA");
		credential.put("type", "public-key");
		credential.put(key, value);
		return credential;
	}

	private static byte[] handle(UUID userId) {
		return ByteBuffer.allocate(16)
			.putLong(userId.getMostSignificantBits())
			.putLong(userId.getLeastSignificantBits())
			.array();
	}

	private static String[] bearer(Tokens tokens) {
		return new String[] { "Authorization", "Bearer " + tokens.accessToken() };
	}

	private record Registered(String email, Tokens tokens, SoftwareAuthenticator device, String passkeyId) {
	}

}
