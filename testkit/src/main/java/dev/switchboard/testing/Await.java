package dev.switchboard.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting on the test thread (never on an event loop) for futures and conditions, always bounded. */
public final class Await {
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT);
  }

  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("No result within " + timeout);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> future) {
    return failure(future, DEFAULT);
  }

  public static Throwable failure(Future<?> future, Duration timeout) {
    try {
      future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Neither result nor failure within " + timeout);
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("Expected a failure but the future succeeded");
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what);
      }
    }
    if (!condition.getAsBoolean()) {
      throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
    }
  }

  /** Sleeps on a test thread (never an event loop); an interrupt fails the test. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
