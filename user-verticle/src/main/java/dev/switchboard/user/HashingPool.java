package dev.switchboard.user;

import io.vertx.core.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads password hashing runs on — pure CPU work, tens of milliseconds each — at a lower OS priority
 * than the event loops ({@link HashingThreads}). One per process, made and closed by the user module and
 * shared by its verticles.
 */
final class HashingPool {
  private final ExecutorService executor;
  private final int threads;

  HashingPool(int threads) {
    this.threads = threads;
    this.executor = Executors.newFixedThreadPool(threads, new HashingThreads());
  }

  /** One hashing thread per core. */
  static HashingPool forMachine() {
    return new HashingPool(Runtime.getRuntime().availableProcessors());
  }

  int threads() {
    return threads;
  }

  void execute(Runnable work) {
    executor.execute(work);
  }

  /** Lets the hashes in hand finish; new ones are refused (503). */
  Future<Void> close() {
    executor.shutdown();
    return Future.succeededFuture();
  }
}
