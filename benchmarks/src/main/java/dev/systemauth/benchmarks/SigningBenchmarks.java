package dev.systemauth.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.systemauth.core.token.AccessTokenClaims;
import dev.systemauth.core.token.AccessTokenService;
import dev.systemauth.core.token.jwk.SigningAlgorithm;
import dev.systemauth.core.token.jwk.SigningKeys;

/**
 * Access tokens per signing algorithm ({@code auth.jwt.algorithm}): issuing one (the signature), its first
 * presentation (parse, signature check, claims) and a repeat presentation (the verified-token cache, which does
 * not depend on the algorithm).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningBenchmarks {

	@Param({ "HS256", "EdDSA", "ES256", "RS256" })
	public String algorithm;

	private AccessTokenService service;

	private AccessTokenService uncached;

	private String token;

	@Setup
	public void setUp() throws GeneralSecurityException {
		SigningAlgorithm signing = SigningAlgorithm.of(this.algorithm);
		SigningKeys keys = signing.isAsymmetric()
				? SigningKeys.asymmetric(signing, privateKey(signing), List.of())
				: SigningKeys.hmac(TokenBenchmarks.SECRET, List.of());
		this.service = new AccessTokenService(keys, Duration.ofMinutes(15), "bench", "bench-clients",
				Duration.ofSeconds(30), Clock.systemUTC(), AccessTokenService.DEFAULT_VERIFIED_CACHE_SIZE);
		this.uncached = new AccessTokenService(keys, Duration.ofMinutes(15), "bench", "bench-clients",
				Duration.ofSeconds(30), Clock.systemUTC(), 0);
		this.token = this.service.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
	}

	/** Sign-in, refresh and workspace switch each issue one token. */
	@Benchmark
	public String sign() {
		return this.service.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
	}

	/** A client's first request with a token: the full verification. */
	@Benchmark
	public AccessTokenClaims verifyFirstPresentation() {
		return this.uncached.verify(this.token);
	}

	/** Every later request with the same token. */
	@Benchmark
	public AccessTokenClaims verifyRepeatPresentation() {
		return this.service.verify(this.token);
	}

	private static PrivateKey privateKey(SigningAlgorithm algorithm) throws GeneralSecurityException {
		KeyPairGenerator generator;
		switch (algorithm) {
			case RS256 -> {
				generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
			}
			case ES256 -> {
				generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			default -> generator = KeyPairGenerator.getInstance("Ed25519");
		}
		return generator.generateKeyPair().getPrivate();
	}

}
