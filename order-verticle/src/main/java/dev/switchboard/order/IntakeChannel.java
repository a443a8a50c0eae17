package dev.switchboard.order;

import dev.switchboard.shared.bus.ServiceFailures;
import dev.switchboard.shared.contract.Headers;
import dev.switchboard.shared.rabbit.ConfirmedPublisher;
import dev.switchboard.shared.rabbit.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * Carries an accepted intake request to the intake consumer: a persistent message on the durable intake
 * queue, confirmed by the broker (RabbitMQ enabled), or an event-bus request answered once the consumer
 * stored it (standalone).
 */
interface IntakeChannel {
  /** Where the intake consumer takes requests when RabbitMQ is not used. */
  String INBOX = "switchboard.order.intake";

  Future<Void> send(JsonObject message, String requestId, String traceId);

  Future<Void> close();

  static IntakeChannel rabbit(ConfirmedPublisher publisher) {
    return new IntakeChannel() {
      @Override
      public Future<Void> send(JsonObject message, String requestId, String traceId) {
        Map<String, Object> headers = traceId == null ? Map.of() : Map.of(Headers.REQUEST_ID, traceId);
        return publisher.publish(OutboundMessage.json(requestId, message.toBuffer(), headers));
      }

      @Override
      public Future<Void> close() {
        return publisher.close();
      }
    };
  }

  static IntakeChannel eventBus(Vertx vertx, Duration timeout) {
    return new IntakeChannel() {
      @Override
      public Future<Void> send(JsonObject message, String requestId, String traceId) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
        if (traceId != null) {
          options.addHeader(Headers.REQUEST_ID, traceId);
        }
        return vertx.eventBus().request(INBOX, message, options).<Void>mapEmpty()
            .recover(e -> Future.failedFuture(e instanceof ReplyException r ? ServiceFailures.fromReply(r) : e));
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
  }
}
