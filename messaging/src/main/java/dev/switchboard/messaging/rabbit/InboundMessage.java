package dev.switchboard.messaging.rabbit;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * A message a consumer received: its body, AMQP properties as plain values, headers as strings, and how
 * many times its processing failed before ({@code attempts}, from the {@link QueueConsumer#ATTEMPTS} header).
 */
public record InboundMessage(Buffer body, String messageId, String contentType, String type, String correlationId,
                             String replyTo, Map<String, String> headers, int attempts) {

  public String header(String name) {
    return headers.get(name);
  }
}
