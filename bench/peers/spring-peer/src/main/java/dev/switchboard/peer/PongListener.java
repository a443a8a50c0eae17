package dev.switchboard.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the ping queue and stores each ping; the container acknowledges after this method returns
 * ({@code acknowledge-mode=auto}), so a ping is acked only once stored. One that cannot be read is rejected
 * without requeue and dead-lettered to {@code <queue>.dlq}.
 */
@Component
class PongListener {
  private final ObjectMapper json;
  private final PongStore store;
  private final LongAdder duplicates = new LongAdder();

  PongListener(ObjectMapper json, PongStore store) {
    this.json = json;
    this.store = store;
  }

  @RabbitListener(queues = "${peer.queue}")
  void onPing(Message message) {
    PingMessage ping;
    try {
      ping = json.readValue(message.getBody(), PingMessage.class);
    } catch (IOException e) {
      throw new AmqpRejectAndDontRequeueException("not a ping: " + e.getMessage());
    }
    if (ping.id() == null) {
      throw new AmqpRejectAndDontRequeueException("not a ping: no id");
    }
    if (!store.add(ping)) {
      duplicates.increment();
    }
  }

  long duplicates() {
    return duplicates.sum();
  }
}
