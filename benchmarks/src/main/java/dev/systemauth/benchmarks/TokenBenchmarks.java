package dev.systemauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * Access-token verification (parse, signature, claims) beside its raw floor: one HMAC-SHA256 over the same
 * signing input.
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

	private String token;

	private byte[] signingInput;

	private SecretKeySpec key;

	@Setup
	public void setUp() {
		this.service = new AccessTokenService(SECRET, Duration.ofMinutes(15), "bench", "bench-clients",
				Duration.ofSeconds(30), Clock.systemUTC());
		this.token = this.service.issue(UUID.randomUUID(), UUID.randomUUID());
		this.signingInput = this.token.substring(0, this.token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
		this.key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	@Benchmark
	public AccessTokenClaims verifyAccessToken() {
		return this.service.verify(this.token);
	}

	@Benchmark
	public byte[] hmacSha256OfSameBytes() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(this.key);
		return mac.doFinal(this.signingInput);
	}

	@Benchmark
	public String issueAccessToken() {
		return this.service.issue(UUID.randomUUID(), UUID.randomUUID());
	}

}
