package dev.systemauth.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub's three OAuth endpoints and two APIs on a local JDK HTTP server. The authorize endpoint remembers the
 * PKCE challenge and redirects back with a code; the token endpoint refuses a verifier that does not match it,
 * as GitHub does; the user and emails APIs answer for the token's user.
 */
final class GitHubStub {

	private final HttpServer server;

	/** code -> its authorization (challenge, user) */
	private final Map<String, Grant> grants = new ConcurrentHashMap<>();

	/** access token -> user */
	private final Map<String, User> tokens = new ConcurrentHashMap<>();

	private volatile User nextUser;

	private volatile boolean down;

	GitHubStub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/login/oauth/authorize", this::authorize);
		this.server.createContext("/login/oauth/access_token", this::token);
		this.server.createContext("/user/emails", this::emails);
		this.server.createContext("/user", this::user);
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** The user the next authorization signs in as. */
	void nextUser(long id, String emailsJson) {
		this.nextUser = new User(id, emailsJson);
	}

	void down(boolean down) {
		this.down = down;
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
		String code = UUID.randomUUID().toString();
		this.grants.put(code, new Grant(query.get("code_challenge"), query.get("code_challenge_method"), this.nextUser));
		exchange.getResponseHeaders()
			.add("Location", query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state"));
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		if (this.down) {
			respond(exchange, 502, "text/html", "<html>bad gateway</html>");
			return;
		}
		Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Grant grant = this.grants.remove(String.valueOf(form.get("code")));
		if (grant == null || !"S256".equals(grant.method()) || form.get("code_verifier") == null
				|| !s256(form.get("code_verifier")).equals(grant.challenge())) {
			// GitHub answers a refused code with 200 and an error member
			respond(exchange, 200, "application/json", "{\"error\":\"bad_verification_code\"}");
			return;
		}
		String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
		this.tokens.put(token, grant.user());
		respond(exchange, 200, "application/json",
				"{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:user,user:email\"}");
	}

	private void user(HttpExchange exchange) throws IOException {
		User user = authorized(exchange);
		if (user != null) {
			respond(exchange, 200, "application/json", "{\"id\":" + user.id() + ",\"login\":\"octo" + user.id() + "\"}");
		}
	}

	private void emails(HttpExchange exchange) throws IOException {
		User user = authorized(exchange);
		if (user != null) {
			respond(exchange, 200, "application/json", user.emailsJson());
		}
	}

	private User authorized(HttpExchange exchange) throws IOException {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		User user = (header != null && header.startsWith("Bearer ")) ? this.tokens.get(header.substring(7)) : null;
		if (user == null) {
			respond(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
		}
		return user;
	}

	void stop() {
		this.server.stop(0);
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static String s256(String verifier) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> parse(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw == null) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private record Grant(String challenge, String method, User user) {
	}

	private record User(long id, String emailsJson) {
	}

}
