package dev.switchboard.messaging.queue;

import dev.switchboard.platform.FailureClass;

/**
 * What a work-queue handler says became of a message: {@link Done} (its effect is durable), {@link Rejected}
 * (it can never be processed: settled at once, to the dead-letter queue with the reason) or
 * {@link RetryLater} (it may work later: retried after a back-off, at most {@code queues.maxAttempts}
 * times, then dead-lettered). A handler's failed future is read with {@link FailureClass}.
 */
public sealed interface Outcome {
  record Done() implements Outcome {
  }

  record Rejected(String reason) implements Outcome {
  }

  record RetryLater(String reason) implements Outcome {
  }

  Outcome DONE = new Done();

  static Outcome done() {
    return DONE;
  }

  static Outcome reject(String reason) {
    return new Rejected(reason);
  }

  static Outcome retryLater(String reason) {
    return new RetryLater(reason);
  }

  /** The outcome a failure means: permanent failures are rejected, transient ones retried. */
  static Outcome of(Throwable failure) {
    String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return FailureClass.of(failure) == FailureClass.PERMANENT ? reject(reason) : retryLater(reason);
  }
}
