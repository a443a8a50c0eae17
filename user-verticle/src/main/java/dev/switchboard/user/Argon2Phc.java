package dev.switchboard.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes in the standard PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, at OWASP's minimum: 19 MiB of memory, 2 iterations,
 * parallelism 1, a random 16-byte salt per password. The string carries its parameters, so hashes made
 * with other parameters (or by other Argon2 implementations) still verify. The raw hash comes from an
 * {@link Argon2Engine} — libargon2 or Bouncy Castle, which give the same bytes, so a hash made with one
 * verifies with the other. A pure codec: it computes on the calling thread ({@link PasswordHasher} keeps it
 * off the event loops).
 */
public final class Argon2Phc {
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{16,})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private final Argon2Engine engine;

  public Argon2Phc(Argon2Engine engine) {
    this.engine = engine;
  }

  public Argon2Engine engine() {
    return engine;
  }

  /** Hashes with a fresh salt at this class's parameters. */
  public String encode(String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches the PHC-encoded Argon2id hash; false for anything malformed. */
  public boolean matches(String password, String encoded) {
    Matcher m = PHC.matcher(encoded == null ? "" : encoded);
    if (!m.matches()) {
      return false;
    }
    int memory = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    // refuse parameters that would cost more than a sane hash (a tampered row must not exhaust the host)
    if (memory < 8 * parallelism || memory > 1024 * 1024 || iterations < 1 || iterations > 20
        || parallelism < 1 || parallelism > 16) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = argon2(password, salt, memory, iterations, parallelism, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** The raw hash; the password's bytes are wiped once the engine is done with them. */
  private byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    try {
      return engine.hash(bytes, salt, memoryKib, iterations, parallelism, length);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
