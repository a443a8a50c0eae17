package dev.switchboard.platform;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with a cap and jitter, the one formula every retry of the system uses (connecting
 * to the broker, setting up a channel, applying migrations, retrying a message): attempt {@code n}
 * (0-based) waits {@code initial × 2^n}, capped at {@code max}, then spread at random over its upper half
 * so that many retrying clients do not come back in step.
 */
public record Backoff(long initialMs, long maxMs) {
  public Backoff {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException("back-off needs 1 <= initial <= max, got " + initialMs + ", " + maxMs);
    }
  }

  /** The wait before retry {@code attempt} (0 for the first retry), in milliseconds. */
  public long delay(int attempt) {
    long ceiling = attempt >= 62 ? maxMs : Math.min(maxMs, initialMs << Math.min(attempt, 30));
    long floor = ceiling / 2;
    return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
  }
}
