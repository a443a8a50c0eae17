package dev.switchboard.user;

import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle), at OWASP's minimum: 19 MiB of memory, 2 iterations,
 * parallelism 1, a random 16-byte salt per password. Stored in the standard PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, which carries its parameters, so hashes made
 * with other parameters (or by other Argon2 implementations) still verify.
 *
 * <p>Hashing costs tens of milliseconds of CPU, so it runs on a bounded pool of {@link HashingThreads}
 * (one per core, at a lower OS priority than the event loops) shared by the process, never on an event
 * loop; past {@code maxPending} operations waiting, new ones are refused with 503 rather than queued
 * without end.
 */
public final class PasswordHasher {
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{16,})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  static {
    Argon2Jit.install();
  }

  /** One pool per process, shared by the user verticle instances (threads: one per core). */
  private static ExecutorService sharedPool;
  private static int users;

  private final Vertx vertx;
  private final ExecutorService pool;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  PasswordHasher(Vertx vertx, int threads, int maxPending) {
    this.vertx = vertx;
    this.pool = acquire(threads);
    this.maxPending = maxPending;
  }

  private static synchronized ExecutorService acquire(int threads) {
    if (sharedPool == null) {
      sharedPool = Executors.newFixedThreadPool(threads, new HashingThreads());
    }
    users++;
    return sharedPool;
  }

  private static synchronized void release() {
    if (--users == 0 && sharedPool != null) {
      sharedPool.shutdown();
      sharedPool = null;
    }
  }

  /** A pool sized to the machine: one hashing thread per core. */
  static PasswordHasher forMachine(Vertx vertx) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new PasswordHasher(vertx, cores, 64 * cores);
  }

  Future<String> hash(String password) {
    return offload(() -> encode(password, random));
  }

  Future<Boolean> verify(String password, String encoded) {
    return offload(() -> matches(password, encoded));
  }

  private <T> Future<T> offload(java.util.concurrent.Callable<T> work) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return Future.failedFuture(ServiceFailure.unavailable("Too many password operations in progress; retry shortly"));
    }
    Context context = vertx.getOrCreateContext();
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        try {
          result.complete(work.call());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(ServiceFailure.unavailable("The service is shutting down"));
    }
    return Future.fromCompletionStage(result, context).andThen(ar -> pending.decrementAndGet());
  }

  void close() {
    release();
  }

  /** Hashes with a fresh salt at this class's parameters. */
  public static String encode(String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches the PHC-encoded Argon2id hash; false for anything malformed. */
  static boolean matches(String password, String encoded) {
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

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
                               int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
