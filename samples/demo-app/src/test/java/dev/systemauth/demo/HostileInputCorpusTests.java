package dev.systemauth.demo;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile and malformed requests across every endpoint: forged and altered JWTs, tokens of the
 * wrong kind in the wrong place, wrong JSON types, nulls, arrays, huge and deeply nested bodies, control
 * characters and CR/LF in emails, look-alikes, NUL bytes, SQL metacharacters, oversized headers, duplicated
 * headers and tokens in query strings. Every answer must be the documented 4xx (never a 5xx), and nothing
 * may be written.
 */
class HostileInputCorpusTests extends AbstractDemoAppTests {

	private static final String PASSWORD = "hostile corpus passphrase";

	private static final List<String> CLASSIC_POSTS = List.of("/auth/signup", "/auth/login", "/auth/refresh",
			"/auth/logout", "/auth/forgot-password", "/auth/reset-password", "/auth/verify-email",
			"/auth/verify-email/resend", "/auth/magic-link/request", "/auth/magic-link/consume",
			"/auth/switch-workspace");

	@Test
	void corpusWhenSentThenEveryAnswerIsItsDocumented4xxAndNothingIsWritten() {
		Tokens victim = registerVerified(uniqueEmail("victim"), PASSWORD);
		List<Case> corpus = new ArrayList<>();
		addForgedTokens(corpus, victim);
		addWrongKindTokens(corpus, victim);
		addMalformedBodies(corpus);
		addHostileEmails(corpus);
		addHostileHeaders(corpus, victim);
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);

		Map<String, Long> before = rowCounts();
		List<String> failures = new ArrayList<>();
		for (Case hostile : corpus) {
			DemoClient.Response response = hostile.send.apply(this.http);
			boolean statusOk = hostile.statuses.contains(response.status());
			boolean codeOk = hostile.code == null || hostile.code.equals(response.code());
			if (response.status() >= 500 || !statusOk || !codeOk) {
				failures.add(hostile.name + " -> " + response);
			}
		}
		assertThat(failures).as("hostile requests answered wrongly").isEmpty();
		assertThat(rowCounts()).as("rows written by the corpus").isEqualTo(before);
		// the victim's session is untouched by all of it
		assertThat(tenantMe(victim.accessToken(), victim.workspaceId()).status()).isEqualTo(200);
	}

	private void addForgedTokens(List<Case> corpus, Tokens victim) {
		long now = System.currentTimeMillis() / 1000;
		Map<String, Object> good = claims(victim, now);
		String ws = victim.workspaceId().toString();
		Map<String, String> forged = new LinkedHashMap<>();
		forged.put("alg none", TestJwts.unsigned(good));
		forged.put("alg None", withHeader("{\"alg\":\"None\",\"typ\":\"JWT\"}", good, ""));
		forged.put("alg NONE", withHeader("{\"alg\":\"NONE\"}", good, ""));
		forged.put("alg none with signature", withHeader("{\"alg\":\"none\"}", good, "c2ln"));
		forged.put("HS512 same secret", signed("HS512", "HmacSHA512", good));
		forged.put("HS384 same secret", signed("HS384", "HmacSHA384", good));
		forged.put("RS256 header, HMAC signature", TestJwts.sign(ACCESS_SECRET, Map.of("alg", "RS256"), good));
		forged.put("ES256 header", TestJwts.sign(ACCESS_SECRET, Map.of("alg", "ES256"), good));
		forged.put("PS256 header", TestJwts.sign(ACCESS_SECRET, Map.of("alg", "PS256"), good));
		forged.put("wrong secret", TestJwts.hs256("attacker-secret-0123456789abcdefghijklmnop", good));
		forged.put("altered payload", alterPayload(victim.accessToken(), "\"workspace_id\":\"" + UUID.randomUUID() + "\""));
		forged.put("missing exp", TestJwts.hs256(ACCESS_SECRET, without(good, "exp")));
		forged.put("missing sub", TestJwts.hs256(ACCESS_SECRET, without(good, "sub")));
		forged.put("missing workspace_id", TestJwts.hs256(ACCESS_SECRET, without(good, "workspace_id")));
		forged.put("missing jti", TestJwts.hs256(ACCESS_SECRET, without(good, "jti")));
		forged.put("foreign iss", TestJwts.hs256(ACCESS_SECRET, with(good, "iss", "https://evil.example")));
		forged.put("foreign aud", TestJwts.hs256(ACCESS_SECRET, with(good, "aud", "someone-else")));
		forged.put("expired", TestJwts.hs256(ACCESS_SECRET, with(with(good, "exp", now - 3600), "iat", now - 7200)));
		forged.put("exp as string", TestJwts.hs256(ACCESS_SECRET, with(good, "exp", "tomorrow")));
		forged.put("sub differs from user_id", TestJwts.hs256(ACCESS_SECRET, with(good, "sub", UUID.randomUUID().toString())));
		forged.put("user_id not a uuid", TestJwts.hs256(ACCESS_SECRET, with(with(good, "user_id", "1 OR 1=1"), "sub", "1 OR 1=1")));
		forged.put("workspace_id array", TestJwts.hs256(ACCESS_SECRET, with(good, "workspace_id", List.of(ws))));
		forged.put("duplicate workspace_id claim", duplicateClaim(good, ws));
		forged.put("unknown kid", TestJwts.sign(ACCESS_SECRET, Map.of("alg", "HS256", "kid", "nope"), good));
		forged.put("jku to attacker", TestJwts.sign("attacker-secret-0123456789abcdefghijklmnop",
				Map.of("alg", "HS256", "jku", "http://127.0.0.1:1/jwks"), good));
		forged.put("empty signature", victim.accessToken().substring(0, victim.accessToken().lastIndexOf('.') + 1));
		forged.put("two parts", victim.accessToken().substring(0, victim.accessToken().lastIndexOf('.')));
		forged.put("four parts", victim.accessToken() + ".extra");
		forged.put("garbage", "not-a-jwt");
		forged.put("base64 garbage", "e30.e30.e30");
		forged.put("huge token", "a".repeat(6000));
		forged.put("token with spaces", victim.accessToken().replace('.', ' '));
		for (Map.Entry<String, String> entry : forged.entrySet()) {
			String token = entry.getValue();
			corpus.add(new Case("forged JWT: " + entry.getKey(), Set.of(401), "invalid_token",
					(http) -> http.get("/tenant/me", "Authorization", "Bearer " + token, WORKSPACE_HEADER, ws)));
		}
		corpus.add(new Case("forged JWT as switch-workspace bearer", Set.of(401), "invalid_token",
				(http) -> http.post("/auth/switch-workspace", DemoClient.json("workspaceId", ws), "Authorization",
						"Bearer " + forged.get("alg none"))));
	}

	private void addWrongKindTokens(List<Case> corpus, Tokens victim) {
		String ws = victim.workspaceId().toString();
		corpus.add(new Case("refresh token as access token", Set.of(401), "invalid_token",
				(http) -> http.get("/tenant/me", "Authorization", "Bearer " + victim.refreshToken(), WORKSPACE_HEADER, ws)));
		corpus.add(new Case("access token as refresh token", Set.of(401), "invalid_token",
				(http) -> http.post("/auth/refresh", DemoClient.json("refreshToken", victim.accessToken()))));
		corpus.add(new Case("access token as magic link", Set.of(401), "invalid_token",
				(http) -> http.post("/auth/magic-link/consume", DemoClient.json("token", victim.accessToken()))));
		corpus.add(new Case("refresh token as reset token", Set.of(400), "weak_password",
				(http) -> http.post("/auth/reset-password", DemoClient.json("token", victim.refreshToken(), "password", "x"))));
		corpus.add(new Case("refresh token as reset token, good password", Set.of(400), "invalid_or_expired_token",
				(http) -> http.post("/auth/reset-password",
						DemoClient.json("token", victim.refreshToken(), "password", "another fine passphrase"))));
		corpus.add(new Case("access token in query string only", Set.of(401), "invalid_token",
				(http) -> http.get("/tenant/me?access_token=" + victim.accessToken(), WORKSPACE_HEADER, ws)));
		corpus.add(new Case("refresh token in query string", Set.of(400), "validation_failed",
				(http) -> http.post("/auth/refresh?refreshToken=" + victim.refreshToken(), "{}")));
		corpus.add(new Case("Basic scheme", Set.of(401), "invalid_token",
				(http) -> http.get("/tenant/me", "Authorization", "Basic dXNlcjpwYXNz", WORKSPACE_HEADER, ws)));
		corpus.add(new Case("Bearer without token", Set.of(401), "invalid_token",
				(http) -> http.get("/tenant/me", "Authorization", "Bearer", WORKSPACE_HEADER, ws)));
		corpus.add(new Case("two Authorization headers", Set.of(401), "invalid_token",
				(http) -> http.get("/tenant/me", "Authorization", "Bearer " + victim.accessToken(), "Authorization",
						"Bearer " + victim.accessToken(), WORKSPACE_HEADER, ws)));
	}

	private void addMalformedBodies(List<Case> corpus) {
		String deep = "[".repeat(5000) + "]".repeat(5000);
		String deepObject = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
		Map<String, String> bodies = new LinkedHashMap<>();
		bodies.put("JSON null", "null");
		bodies.put("JSON array", "[]");
		bodies.put("JSON string", "\"email\"");
		bodies.put("JSON number", "42");
		bodies.put("truncated JSON", "{\"email\":");
		bodies.put("deeply nested arrays", deep);
		bodies.put("deeply nested objects", deepObject);
		bodies.put("wrong types", "{\"email\":123,\"password\":[1],\"token\":{},\"refreshToken\":true,\"workspaceId\":5}");
		bodies.put("operator injection", "{\"email\":{\"$ne\":\"\"},\"password\":{\"$gt\":\"\"}}");
		for (String path : CLASSIC_POSTS) {
			for (Map.Entry<String, String> body : bodies.entrySet()) {
				Set<Integer> expected = path.equals("/auth/switch-workspace") ? Set.of(400, 401) : Set.of(400);
				corpus.add(new Case(path + " with " + body.getKey(), expected, null,
						(http) -> http.post(path, body.getValue())));
			}
		}
		corpus.add(new Case("1 MB body", Set.of(413), "payload_too_large",
				(http) -> http.post("/auth/login", "{\"email\":\"" + "a".repeat(1_000_000) + "\"}")));
		corpus.add(new Case("chunked 200 KB body", Set.of(413), "payload_too_large",
				(http) -> http.post("/auth/signup",
						BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
								("{\"email\":\"" + "b".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8))),
						"application/json")));
		corpus.add(new Case("form content type", Set.of(415), "unsupported_media_type",
				(http) -> http.post("/auth/login", BodyPublishers.ofString("email=a&password=b"),
						"application/x-www-form-urlencoded")));
		corpus.add(new Case("XML content type", Set.of(415), "unsupported_media_type",
				(http) -> http.post("/auth/signup", BodyPublishers.ofString("<signup/>"), "application/xml")));
		corpus.add(new Case("no content type", Set.of(415), "unsupported_media_type",
				(http) -> http.post("/auth/refresh", BodyPublishers.ofString("{}"), null)));
		corpus.add(new Case("workspaceId not a UUID in login", Set.of(400), "malformed_request",
				(http) -> http.post("/auth/login", "{\"email\":\"a@b.co\",\"password\":\"x\",\"workspaceId\":\"1; DROP TABLE\"}")));
	}

	private void addHostileEmails(List<Case> corpus) {
		Map<String, String> emails = new LinkedHashMap<>();
		emails.put("CR/LF header injection", "victim@e2e.test\r\nBcc: attacker@evil.test");
		emails.put("LF only", "victim@e2e.test\nX: y");
		emails.put("NUL byte", "vic\u0000tim@e2e.test");
		emails.put("tab", "vic\ttim@e2e.test");
		emails.put("no-break space", "vic\u00a0tim@e2e.test");
		emails.put("SQL quote", "' OR 1=1 --@e2e.test");
		emails.put("SQL statement", "x');DROP TABLE users;--@e2e.test");
		emails.put("two at signs", "a@b@e2e.test");
		emails.put("no domain dot", "a@localhost");
		emails.put("too long", "a".repeat(300) + "@e2e.test");
		emails.put("empty", "");
		emails.put("only spaces", "   ");
		emails.put("angle brackets", "<a@e2e.test>");
		for (Map.Entry<String, String> email : emails.entrySet()) {
			corpus.add(new Case("signup email " + email.getKey(), Set.of(400), "validation_failed",
					(http) -> http.post("/auth/signup", DemoClient.json("email", email.getValue(), "password", PASSWORD))));
			corpus.add(new Case("forgot-password email " + email.getKey(), Set.of(400), "validation_failed",
					(http) -> http.post("/auth/forgot-password", DemoClient.json("email", email.getValue()))));
		}
		corpus.add(new Case("NUL in password at signup", Set.of(400), "weak_password",
				(http) -> http.post("/auth/signup",
						DemoClient.json("email", uniqueEmail("nul"), "password", "pass\u0000word-long-enough"))));
		corpus.add(new Case("73-byte password at signup", Set.of(400), "weak_password",
				(http) -> http.post("/auth/signup", DemoClient.json("email", uniqueEmail("long"), "password", "p".repeat(73)))));
		corpus.add(new Case("72 bytes of multi-byte characters plus one", Set.of(400), "weak_password",
				(http) -> http.post("/auth/signup",
						DemoClient.json("email", uniqueEmail("utf"), "password", "\u00e9".repeat(36) + "x"))));
		corpus.add(new Case("SQL metacharacters in login password", Set.of(401), "invalid_credentials",
				(http) -> http.post("/auth/login", DemoClient.json("email", uniqueEmail("sql"), "password", "' OR '1'='1"))));
		corpus.add(new Case("Cyrillic look-alike login", Set.of(401), "invalid_credentials",
				(http) -> http.post("/auth/login", DemoClient.json("email", "\u0430lice@e2e.test", "password", PASSWORD))));
		corpus.add(new Case("control characters in workspace name", Set.of(400), "validation_failed",
				(http) -> http.post("/auth/signup", DemoClient.json("email", uniqueEmail("ctl"), "password", PASSWORD,
						"workspaceName", "Acme\u0000\u0007"))));
		corpus.add(new Case("hostile workspace slug", Set.of(400), "validation_failed",
				(http) -> http.post("/auth/signup", DemoClient.json("email", uniqueEmail("slug"), "password", PASSWORD,
						"workspaceSlug", "../../etc/passwd"))));
		corpus.add(new Case("server-owned fields ignored, still invalid", Set.of(400), "validation_failed",
				(http) -> http.post("/auth/signup", "{\"userId\":\"" + UUID.randomUUID() + "\",\"role\":\"owner\","
						+ "\"emailVerified\":true,\"email\":\"\",\"password\":\"" + PASSWORD + "\"}")));
	}

	private void addHostileHeaders(List<Case> corpus, Tokens victim) {
		String token = "Bearer " + victim.accessToken();
		String ws = victim.workspaceId().toString();
		corpus.add(new Case("oversized header", Set.of(400, 413, 431), null,
				(http) -> http.get("/tenant/me", "Authorization", token, "X-Big", "x".repeat(64_000))));
		corpus.add(new Case("workspace header with SQL", Set.of(400), "workspace_required",
				(http) -> http.get("/tenant/me", "Authorization", token, WORKSPACE_HEADER, ws + "' OR '1'='1")));
		corpus.add(new Case("workspace header duplicated", Set.of(400), "workspace_required",
				(http) -> http.get("/tenant/me", "Authorization", token, WORKSPACE_HEADER, ws, WORKSPACE_HEADER, ws)));
		corpus.add(new Case("workspace header without dashes", Set.of(400), "workspace_required",
				(http) -> http.get("/tenant/me", "Authorization", token, WORKSPACE_HEADER, ws.replace("-", ""))));
		corpus.add(new Case("workspace header with braces", Set.of(400), "workspace_required",
				(http) -> http.get("/tenant/me", "Authorization", token, WORKSPACE_HEADER, "{" + ws + "}")));
		corpus.add(new Case("workspace header of a stranger", Set.of(403), "workspace_mismatch",
				(http) -> http.get("/tenant/me", "Authorization", token, WORKSPACE_HEADER, UUID.randomUUID().toString())));
		corpus.add(new Case("workspace in query string only", Set.of(400), "workspace_required",
				(http) -> http.get("/tenant/me?x-workspace-id=" + ws, "Authorization", token)));
	}

	private Map<String, Long> rowCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : List.of("users", "workspaces", "workspace_members", "refresh_tokens",
				"email_verification_tokens", "password_reset_tokens", "magic_link_tokens")) {
			counts.put(table, this.jdbc.queryForObject("SELECT count(*) FROM auth." + table, Long.class));
		}
		return counts;
	}

	private static Map<String, Object> claims(Tokens victim, long now) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", victim.userId().toString());
		claims.put("user_id", victim.userId().toString());
		claims.put("workspace_id", victim.workspaceId().toString());
		claims.put("iss", ISSUER);
		claims.put("aud", AUDIENCE);
		claims.put("iat", now);
		claims.put("exp", now + 600);
		claims.put("jti", UUID.randomUUID().toString());
		return claims;
	}

	private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(claims);
		copy.put(name, value);
		return copy;
	}

	private static Map<String, Object> without(Map<String, Object> claims, String name) {
		Map<String, Object> copy = new LinkedHashMap<>(claims);
		copy.remove(name);
		return copy;
	}

	private static String withHeader(String header, Map<String, Object> claims, String signature) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(DemoClient.JSON.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8)) + "."
				+ signature;
	}

	private static String signed(String alg, String macAlgorithm, Map<String, Object> claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String input = encoder.encodeToString(("{\"alg\":\"" + alg + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(DemoClient.JSON.writeValueAsString(claims).getBytes(StandardCharsets.UTF_8));
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance(macAlgorithm);
			mac.init(new javax.crypto.spec.SecretKeySpec(ACCESS_SECRET.getBytes(StandardCharsets.UTF_8), macAlgorithm));
			return input + "." + encoder.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Same signature, one claim replaced in the payload. */
	private static String alterPayload(String jwt, String replacement) {
		String[] parts = jwt.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replaceFirst("\"workspace_id\":\"[^\"]+\"", replacement);
		return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
	}

	/** A validly signed token whose payload names workspace_id twice (the JSON parser keeps one). */
	private static String duplicateClaim(Map<String, Object> claims, String workspaceId) {
		String json = DemoClient.JSON.writeValueAsString(claims);
		String payload = json.substring(0, json.length() - 1) + ",\"workspace_id\":\"" + UUID.randomUUID() + "\"}";
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String input = encoder.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(ACCESS_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return input + "." + encoder.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One hostile request.
	 *
	 * @param name what it tries
	 * @param statuses the acceptable answers
	 * @param code the expected problem code, or null when the status says enough
	 * @param send how to send it
	 */
	record Case(String name, Set<Integer> statuses, String code, Function<DemoClient, DemoClient.Response> send) {
	}

}
