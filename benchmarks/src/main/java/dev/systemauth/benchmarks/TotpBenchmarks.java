package dev.systemauth.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

import dev.systemauth.core.mfa.SecretCipher;
import dev.systemauth.core.mfa.Totp;

/**
 * The CPU part of checking a second-factor code: the three TOTP candidates (the current step ±1, always all
 * computed) and, as a verification does, opening the AES-GCM sealed secret first. The database statements
 * (the challenge lock, the conditional step update) are not included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TotpBenchmarks {

	private final Totp totp = new Totp();

	private byte[] secret;

	private byte[] sealed;

	private SecretCipher cipher;

	private String code;

	private long step;

	@Setup
	public void setUp() {
		this.secret = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		byte[] key = new byte[32];
		new java.security.SecureRandom().nextBytes(key);
		this.cipher = new SecretCipher(key, List.of());
		this.sealed = this.cipher.seal(this.secret, "user");
		this.step = Totp.step(Instant.now());
		this.code = Totp.code(this.secret, this.step, Totp.DIGITS);
	}

	/** Three HMAC-SHA-1 candidates and constant-time comparisons. */
	@Benchmark
	public long totpVerify() {
		return this.totp.matchingStep(this.secret, this.code, this.step);
	}

	/** What a verification computes: open the sealed secret, then check the code. */
	@Benchmark
	public long totpVerifyWithDecrypt() {
		byte[] plain = this.cipher.open(this.cipher.currentKeyId(), this.sealed, "user");
		return this.totp.matchingStep(plain, this.code, this.step);
	}

}
