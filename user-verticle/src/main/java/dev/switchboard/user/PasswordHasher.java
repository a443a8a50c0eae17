package dev.switchboard.user;

import dev.switchboard.contract.ServiceFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes and verifies passwords ({@link Argon2Phc}) on the process's {@link HashingPool}, never on an event
 * loop — whichever {@link Argon2Engine} computes, a hash holds its thread for its whole time — with
 * back-pressure: past {@code maxPending} operations waiting, new ones are refused with 503 rather than queued
 * without end. One per user verticle; the pool and the codec are the module's.
 */
final class PasswordHasher {
  private final Vertx vertx;
  private final HashingPool pool;
  private final Argon2Phc phc;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  PasswordHasher(Vertx vertx, HashingPool pool, Argon2Phc phc, int maxPending) {
    this.vertx = vertx;
    this.pool = pool;
    this.phc = phc;
    this.maxPending = maxPending;
  }

  /** Back-pressure sized to the pool: 64 operations waiting per hashing thread. */
  static PasswordHasher on(Vertx vertx, HashingPool pool, Argon2Phc phc) {
    return new PasswordHasher(vertx, pool, phc, 64 * pool.threads());
  }

  Future<String> hash(String password) {
    return offload(() -> phc.encode(password, random));
  }

  Future<Boolean> verify(String password, String encoded) {
    return offload(() -> phc.matches(password, encoded));
  }

  private <T> Future<T> offload(Callable<T> work) {
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
}
