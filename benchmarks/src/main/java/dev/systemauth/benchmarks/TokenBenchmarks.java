package dev.systemauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.systemauth.core.token.AccessTokenClaims;
import dev.systemauth.core.token.AccessTokenService;

/**
 * Access-token verification beside its raw floor, one HMAC-SHA256 over the same signing input: the first
 * presentation of a token (parse, signature, claims) and a repeat presentation (the verified-token cache: one
 * SHA-256 and an expiry check).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmarks {

	static final String SECRET = "benchmark-access-secret-0123456789abcdefghij";

	private AccessTokenService service;

	private AccessTokenService uncached;

	private String token;

	private byte[] signingInput;

	private SecretKeySpec key;

	@Setup
	public void setUp() {
		this.service = new AccessTokenService(SECRET, Duration.ofMinutes(15), "bench", "bench-clients",
				Duration.ofSeconds(30), Clock.systemUTC());
		this.uncached = new AccessTokenService(SECRET, List.of(), Duration.ofMinutes(15), "bench", "bench-clients",
				Duration.ofSeconds(30), Clock.systemUTC(), 0);
		this.token = this.service.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		this.signingInput = this.token.substring(0, this.token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
		this.key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/** A repeat presentation: what every request after a client's first one costs. */
	@Benchmark
	public AccessTokenClaims verifyAccessToken() {
		return this.service.verify(this.token);
	}

	/** A first presentation: parse, HS256 signature, claims. */
	@Benchmark
	public AccessTokenClaims verifyAccessTokenFirstPresentation() {
		return this.uncached.verify(this.token);
	}

	@Benchmark
	public byte[] hmacSha256OfSameBytes() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(this.key);
		return mac.doFinal(this.signingInput);
	}

	@Benchmark
	public String issueAccessToken() {
		return this.service.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
	}

}
