package dev.switchboard.messaging.rabbit;

import dev.switchboard.platform.ops.Metrics;
import io.micrometer.core.instrument.Counter;

/** {@code switchboard_queue_messages_total{queue, event}}: published, publish_failed, acked, nacked, dead_lettered. */
final class QueueMeters {
  private QueueMeters() {
  }

  static Counter counter(String queue, String event) {
    return Counter.builder("switchboard.queue.messages").description("Messages by queue and what happened to them")
        .tag("queue", queue).tag("event", event).register(Metrics.registry());
  }
}
