package dev.switchboard.messaging.rabbit;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * A message to publish: body, its content type, a unique id (the AMQP {@code message_id}), application
 * headers, and — for a message that must wait out a back-off in a retry queue — its expiration in
 * milliseconds (null: none). Published persistent. Business code builds these without touching AMQP types.
 */
public record OutboundMessage(String messageId, String contentType, Buffer body, Map<String, Object> headers,
                              Long expirationMs) {
  public OutboundMessage(String messageId, String contentType, Buffer body, Map<String, Object> headers) {
    this(messageId, contentType, body, headers, null);
  }

  public static OutboundMessage json(String messageId, Buffer body, Map<String, Object> headers) {
    return new OutboundMessage(messageId, "application/json", body, headers, null);
  }

  public OutboundMessage withHeaders(Map<String, Object> replaced, Long expiration) {
    return new OutboundMessage(messageId, contentType, body, replaced, expiration);
  }
}
