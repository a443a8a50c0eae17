package dev.switchboard.ping;

import dev.switchboard.shared.contract.Headers;
import dev.switchboard.shared.rabbit.ConfirmedPublisher;
import dev.switchboard.shared.rabbit.OutboundMessage;
import io.vertx.core.Future;
import java.util.Map;

/** Publishes pings as persistent JSON messages to the durable ping queue, with publisher confirms. */
final class RabbitPingChannel implements PingChannel {
  private final ConfirmedPublisher publisher;

  RabbitPingChannel(ConfirmedPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public Future<Void> send(PingMessage message, String requestId) {
    Map<String, Object> headers = requestId == null ? Map.of() : Map.of(Headers.REQUEST_ID, requestId);
    return publisher.publish(OutboundMessage.json(message.id(), message.toJson().toBuffer(), headers));
  }

  @Override
  public boolean ready() {
    return publisher.isReady();
  }

  @Override
  public Future<Void> close() {
    return publisher.close();
  }
}
