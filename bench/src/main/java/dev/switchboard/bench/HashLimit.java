package dev.switchboard.bench;

import dev.switchboard.user.Argon2Phc;
import dev.switchboard.user.BouncyCastleArgon2;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Argon2id hashing limit, with the user service's parameters, in a JVM started with the same options as
 * the services. First 3 s of hashing so the JIT has compiled the hash at its top tier (until then a hash
 * takes about twice as long, and steadily so), then the best of 8 rounds of 10 hashes on one thread: the
 * milliseconds per hash. Then, for the record, every core hashing at once for 5 s: hashes per second.
 */
public final class HashLimit {
  public static void main(String[] args) throws InterruptedException {
    Argon2Phc phc = new Argon2Phc(new BouncyCastleArgon2());
    SecureRandom random = new SecureRandom();
    long warmUntil = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      phc.encode("benchmark-password", random);
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        phc.encode("benchmark-password", random);
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e6 / 10);
    }
    System.out.printf(Locale.ROOT, "HASH ms=%.3f%n", best);

    int cores = Runtime.getRuntime().availableProcessors();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong hashes = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      Thread thread = new Thread(() -> {
        SecureRandom own = new SecureRandom();
        while (running.get()) {
          phc.encode("benchmark-password", own);
          hashes.incrementAndGet();
        }
      });
      thread.start();
      threads.add(thread);
    }
    long start = System.nanoTime();
    Thread.sleep(5_000);
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.printf(Locale.ROOT, "HASH parallel_per_s=%.1f%n", hashes.get() / ((System.nanoTime() - start) / 1e9));
  }
}
