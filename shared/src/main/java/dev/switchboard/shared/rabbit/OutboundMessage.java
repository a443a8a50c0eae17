package dev.switchboard.shared.rabbit;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * A message to publish: body, its content type, a unique id (the AMQP {@code message_id}) and
 * application headers. Business code builds these without touching AMQP types.
 */
public record OutboundMessage(String messageId, String contentType, Buffer body, Map<String, Object> headers) {
  public static OutboundMessage json(String messageId, Buffer body, Map<String, Object> headers) {
    return new OutboundMessage(messageId, "application/json", body, headers);
  }
}
