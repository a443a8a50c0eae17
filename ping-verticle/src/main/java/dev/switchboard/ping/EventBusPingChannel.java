package dev.switchboard.ping;

import dev.switchboard.shared.bus.ServiceFailures;
import dev.switchboard.shared.contract.Headers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;

/**
 * Without RabbitMQ the ping goes to the pong role over the event bus; pong's reply (sent after it stored
 * the ping) plays the broker confirm's part.
 */
final class EventBusPingChannel implements PingChannel {
  /** Where the pong role takes pings when RabbitMQ is not used. */
  static final String INBOX = "switchboard.pong.inbox";

  private final Vertx vertx;
  private final long timeoutMs;

  EventBusPingChannel(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Future<Void> send(PingMessage message, String requestId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (requestId != null) {
      options.addHeader(Headers.REQUEST_ID, requestId);
    }
    return vertx.eventBus().request(INBOX, message.toJson(), options)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(e instanceof ReplyException reply ? ServiceFailures.fromReply(reply) : e));
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
