package dev.switchboard.shared.rabbit;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** A message a consumer received, as business code sees it (no AMQP types). */
public record InboundMessage(Buffer body, String messageId, String contentType, String type, String correlationId,
                             String replyTo, Map<String, String> headers, boolean redelivered) {

  public String header(String name) {
    return headers.get(name);
  }
}
