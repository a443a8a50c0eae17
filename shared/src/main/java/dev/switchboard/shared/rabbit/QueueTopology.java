package dev.switchboard.shared.rabbit;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * Every queue the system uses: durable, with a durable dead-letter queue {@code <queue>.dlq} that
 * receives what a consumer rejects (unreadable messages) and what expires unconsumed. Declared the same
 * way by every publisher and consumer, so whichever starts first creates it.
 */
public final class QueueTopology {
  public static final String DLQ_SUFFIX = ".dlq";

  private QueueTopology() {
  }

  public static String deadLetterQueue(String queue) {
    return queue + DLQ_SUFFIX;
  }

  public static void declare(Channel channel, String queue) throws IOException {
    channel.queueDeclare(deadLetterQueue(queue), true, false, false, null);
    channel.queueDeclare(queue, true, false, false, Map.of(
        "x-dead-letter-exchange", "",
        "x-dead-letter-routing-key", deadLetterQueue(queue)));
  }
}
