package dev.systemauth.benchmarks;

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
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * One bcrypt verification at the configured cost, straight through spring-security-crypto with nothing of
 * this library around it: the physical floor of a login.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordBenchmarks {

	@Param("10")
	public int cost;

	private BCryptPasswordEncoder encoder;

	private String hash;

	@Setup
	public void setUp() {
		this.encoder = new BCryptPasswordEncoder(this.cost);
		this.hash = this.encoder.encode("correct horse battery staple");
	}

	@Benchmark
	public boolean bcryptVerify() {
		return this.encoder.matches("correct horse battery staple", this.hash);
	}

}
