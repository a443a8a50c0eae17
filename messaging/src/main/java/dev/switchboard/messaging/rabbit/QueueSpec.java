package dev.switchboard.messaging.rabbit;

import java.util.List;
import java.util.Map;

/**
 * A queue as this system declares it. A work queue comes with two companions: {@code <queue>.dlq}, which
 * keeps what can never be processed (with headers saying why), and {@code <queue>.retry}, where a message
 * whose processing failed for a transient reason waits out its back-off (its own expiration) before the
 * broker moves it back to the work queue. A request queue of a service is not durable and has no
 * companions: it carries calls whose caller gives up after a few seconds, so nothing in it is worth keeping
 * — and a request that expires is dropped, never parked anywhere with its body (a password, say).
 */
public record QueueSpec(String name, boolean durable, Map<String, Object> arguments) {
  public static final String DLQ_SUFFIX = ".dlq";
  public static final String RETRY_SUFFIX = ".retry";

  /** The work queue itself, declared as every earlier version of the system declared it. */
  public static QueueSpec work(String name) {
    return new QueueSpec(name, true, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key",
        deadLetterQueue(name)));
  }

  /** A work queue and its companions, in the order to declare them. */
  public static List<QueueSpec> workTopology(String name) {
    return List.of(new QueueSpec(deadLetterQueue(name), true, Map.of()),
        new QueueSpec(retryQueue(name), true, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", name)),
        work(name));
  }

  /** A service's request queue: not durable, no arguments (what a plain {@code queue_declare(queue)} makes). */
  public static QueueSpec requests(String name) {
    return new QueueSpec(name, false, Map.of());
  }

  public static String deadLetterQueue(String queue) {
    return queue + DLQ_SUFFIX;
  }

  public static String retryQueue(String queue) {
    return queue + RETRY_SUFFIX;
  }
}
