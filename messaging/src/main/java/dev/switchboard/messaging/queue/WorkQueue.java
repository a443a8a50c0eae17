package dev.switchboard.messaging.queue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A durable work queue, whatever carries it (RabbitMQ, or the event bus when there is no broker): publish a
 * message and learn when it is safe; consume with an {@link Outcome} per message. Every accepted message is
 * processed, retried a bounded number of times or dead-lettered — never dropped, never stuck, never holding
 * back the ones behind it. Opened by the verticle that uses it, on its context.
 */
public interface WorkQueue {

  String name();

  /**
   * Publishes; completes once the message is safe (the broker confirmed it, or the consumer took it), and
   * fails with a 503 {@link dev.switchboard.contract.ServiceFailure} when it cannot be.
   */
  Future<Void> publish(String id, Buffer body, Map<String, String> headers);

  /** Whether a publish now has a chance (for readiness). */
  boolean canPublish();

  /**
   * Consumes the queue: each message goes to {@code handler}, on this context, and is settled by the outcome
   * of the future it returns (a failed future is read as {@link Outcome#of}).
   */
  Consumer consume(Function<WorkMessage, Future<Outcome>> handler);

  /** Stops publishing (consumers stop on their own). */
  Future<Void> close();

  /** A running consumer. */
  interface Consumer {
    /** Whether it takes messages now (for readiness). */
    boolean consuming();

    /** Stops taking messages; those in hand finish (at most {@code grace}), the rest stay queued. */
    Future<Void> stop(Duration grace);
  }
}
