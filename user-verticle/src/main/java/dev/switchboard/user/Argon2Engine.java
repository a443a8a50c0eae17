package dev.switchboard.user;

/**
 * One implementation of Argon2id (version 0x13, no secret, no associated data): the raw hash that
 * {@link Argon2Phc} wraps in a PHC string. Implementations give the same bytes for the same input — a hash
 * made by one verifies with every other ({@code Argon2EngineTest}). A call computes on the calling thread
 * for tens of milliseconds: callers keep it off the event loops ({@link PasswordHasher}). Implementations
 * are thread-safe.
 */
public interface Argon2Engine {
  /** A short name for logs and benchmark rows: {@code native}, {@code bouncycastle}. */
  String name();

  /** What it runs on, for the log line at start (the library file, the provider version). */
  String describe();

  /**
   * The raw Argon2id tag of {@code length} bytes. {@code password} is only read; the caller wipes it.
   *
   * @param memoryKib memory in KiB (at least 8 × parallelism)
   */
  byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length);
}
