package dev.systemauth.core.password;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Locale;

/**
 * A Bloom filter of breached passwords, compared case-insensitively: every entry is lower-cased
 * ({@link Locale#ROOT}) when the filter is built, and a candidate is lower-cased before the look-up, so
 * {@code Password1234} matches the breached {@code password1234}. A hit may be a false positive (the rate is
 * chosen when the filter is built: 1e-6 for the shipped one); a miss is certain.
 * <p>
 * The bit positions come from one SHA-256 of the UTF-8 bytes by double hashing (Kirsch and Mitzenmacher): the
 * i-th of k positions is {@code (h1 + i * h2) mod m}. The file is {@code "SABF"}, a version int, m (bits, a
 * long), k (an int), n (entries, an int), then m / 64 longs, big-endian.
 * <p>
 * The shipped filter ({@value #RESOURCE}) is read once, on the first check, and then shared.
 */
final class BreachedPasswords {

	static final String RESOURCE = "breached-passwords.bloom";

	private static final int MAGIC = 0x53414246; // "SABF"

	private static final int VERSION = 1;

	private final long[] bits;

	private final long bitCount;

	private final int hashCount;

	private final int entries;

	private BreachedPasswords(long[] bits, int hashCount, int entries) {
		this.bits = bits;
		this.bitCount = (long) bits.length * Long.SIZE;
		this.hashCount = hashCount;
		this.entries = entries;
	}

	/** The filter shipped with the library, read on first use. */
	static BreachedPasswords shipped() {
		return Shipped.INSTANCE;
	}

	/**
	 * Builds a filter sized for the given entries and false-positive rate.
	 * @param passwords the breached passwords (lower-cased here)
	 * @param falsePositiveRate the wanted rate, between 0 and 1 exclusive
	 * @return the filter
	 */
	static BreachedPasswords build(Collection<String> passwords, double falsePositiveRate) {
		if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
			throw new IllegalArgumentException("falsePositiveRate must be between 0 and 1, got " + falsePositiveRate);
		}
		int n = Math.max(1, passwords.size());
		double ln2 = Math.log(2);
		long m = (long) Math.ceil(-n * Math.log(falsePositiveRate) / (ln2 * ln2));
		long words = (m + Long.SIZE - 1) / Long.SIZE;
		int k = Math.max(1, (int) Math.round((double) (words * Long.SIZE) / n * ln2));
		BreachedPasswords filter = new BreachedPasswords(new long[Math.toIntExact(words)], k, passwords.size());
		for (String password : passwords) {
			filter.add(password);
		}
		return filter;
	}

	/** Reads a filter written by {@link #writeTo(OutputStream)}. */
	static BreachedPasswords read(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
		if (data.readInt() != MAGIC || data.readInt() != VERSION) {
			throw new IOException("Not a breached-password filter of version " + VERSION);
		}
		long m = data.readLong();
		int k = data.readInt();
		int n = data.readInt();
		if (m <= 0 || m % Long.SIZE != 0 || k < 1 || k > 64) {
			throw new IOException("Corrupt breached-password filter header");
		}
		long[] bits = new long[Math.toIntExact(m / Long.SIZE)];
		for (int i = 0; i < bits.length; i++) {
			bits[i] = data.readLong();
		}
		return new BreachedPasswords(bits, k, n);
	}

	void writeTo(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(MAGIC);
		data.writeInt(VERSION);
		data.writeLong(this.bitCount);
		data.writeInt(this.hashCount);
		data.writeInt(this.entries);
		for (long word : this.bits) {
			data.writeLong(word);
		}
		data.flush();
	}

	/** Whether the password (compared case-insensitively) is probably in the filter. */
	boolean contains(String password) {
		long[] h = hashes(password);
		for (int i = 0; i < this.hashCount; i++) {
			long bit = Math.floorMod(h[0] + i * h[1], this.bitCount);
			if ((this.bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
				return false;
			}
		}
		return true;
	}

	int hashCount() {
		return this.hashCount;
	}

	long bitCount() {
		return this.bitCount;
	}

	int entries() {
		return this.entries;
	}

	private void add(String password) {
		long[] h = hashes(password);
		for (int i = 0; i < this.hashCount; i++) {
			long bit = Math.floorMod(h[0] + i * h[1], this.bitCount);
			this.bits[(int) (bit >>> 6)] |= 1L << bit;
		}
	}

	private static long[] hashes(String password) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(password.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			ByteBuffer buffer = ByteBuffer.wrap(digest);
			return new long[] { buffer.getLong(), buffer.getLong() | 1L };
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class Shipped {

		static final BreachedPasswords INSTANCE = load();

		private static BreachedPasswords load() {
			try (InputStream in = BreachedPasswords.class.getResourceAsStream(RESOURCE)) {
				if (in == null) {
					throw new IllegalStateException("Missing resource " + RESOURCE);
				}
				return read(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
