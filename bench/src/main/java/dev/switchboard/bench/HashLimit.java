package dev.switchboard.bench;

import dev.switchboard.user.Argon2Engine;
import dev.switchboard.user.Argon2EngineChoice;
import dev.switchboard.user.Argon2Phc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Argon2id hashing limit of one engine ({@code native} or {@code bouncycastle}, the user service's
 * {@link Argon2Engine}s), with the user service's parameters, in a JVM started with the same options as the
 * services — one JVM per engine, so neither's heap or JIT state touches the other's. First 3 s of hashing
 * (for Bouncy Castle, so the JIT has compiled the hash at its top tier: until then a hash takes about twice
 * as long; the native engine is measured the same way), then the best of 8 rounds of 10 hashes on one
 * thread: the milliseconds per hash. Then, for the record, every core hashing at once for 5 s: hashes per
 * second.
 *
 * <p>With {@code cli}, the reference instead: Debian's {@code argon2} command ({@value #ARGON2_COMMAND}), the
 * reference implementation's CLI, run 10 times after one warm-up run; the best of its own timing of the
 * hash (it prints the CPU time of the {@code argon2_hash} call, in whole milliseconds) and the best wall
 * time of the whole process (start, hash, the verification it adds, exit).
 */
public final class HashLimit {
  static final String ARGON2_COMMAND = "/usr/bin/argon2";
  private static final String PASSWORD = "benchmark-password";
  private static final SecureRandom SALTS = new SecureRandom();

  public static void main(String[] args) throws Exception {
    String engine = args.length > 0 ? args[0] : "native";
    if (engine.equals("cli")) {
      command();
      return;
    }
    Argon2Phc phc = new Argon2Phc(Argon2EngineChoice.valueOf(engine.toUpperCase(Locale.ROOT)).engine());
    System.out.printf(Locale.ROOT, "HASH engine=%s on=%s%n", phc.engine().name(), phc.engine().describe());
    SecureRandom random = new SecureRandom();
    long warmUntil = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      phc.encode(PASSWORD, random);
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        phc.encode(PASSWORD, random);
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
          phc.encode(PASSWORD, own);
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

  /** Whether the reference command is installed. */
  static boolean commandInstalled() {
    return Files.isExecutable(Path.of(ARGON2_COMMAND));
  }

  private static void command() throws IOException, InterruptedException {
    Pattern own = Pattern.compile("([0-9.]+) seconds");
    double bestOwn = Double.MAX_VALUE;
    double bestWall = Double.MAX_VALUE;
    for (int run = 0; run <= 10; run++) {
      // the first run of each kind loads the binary and its library from disk, and is not counted
      Matcher m = own.matcher(argon2(false));
      if (!m.find()) {
        throw new IllegalStateException(ARGON2_COMMAND + " printed no timing");
      }
      long start = System.nanoTime();
      argon2(true);
      double wall = (System.nanoTime() - start) / 1e6;
      if (run > 0) {
        bestOwn = Math.min(bestOwn, Double.parseDouble(m.group(1)) * 1000);
        bestWall = Math.min(bestWall, wall);
      }
    }
    System.out.printf(Locale.ROOT, "HASH engine=cli on=%s%n", ARGON2_COMMAND);
    System.out.printf(Locale.ROOT, "HASH ms=%.3f%n", bestOwn);
    System.out.printf(Locale.ROOT, "HASH process_ms=%.3f%n", bestWall);
  }

  /**
   * One run at the service's parameters with a fresh 16-character salt; {@code raw}: only the hash is printed
   * (and computed once), else the command also prints its timing and verifies, hashing a second time.
   */
  private static String argon2(boolean raw) throws IOException, InterruptedException {
    byte[] random = new byte[8];
    SALTS.nextBytes(random);
    String salt = HexFormat.of().formatHex(random);
    List<String> command = new ArrayList<>(List.of(ARGON2_COMMAND, salt, "-id", "-t",
        Integer.toString(Argon2Phc.ITERATIONS), "-k", Integer.toString(Argon2Phc.MEMORY_KIB), "-p",
        Integer.toString(Argon2Phc.PARALLELISM), "-l", "32"));
    if (raw) {
      command.add("-r");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(ARGON2_COMMAND + " failed: " + out);
    }
    return out;
  }
}
