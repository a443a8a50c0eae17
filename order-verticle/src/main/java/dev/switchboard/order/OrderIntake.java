package dev.switchboard.order;

import dev.switchboard.shared.cache.CacheInvalidator;
import dev.switchboard.shared.cache.CacheKeys;
import dev.switchboard.shared.contract.ServiceFailure;
import dev.switchboard.shared.rabbit.InboundMessage;
import dev.switchboard.shared.rabbit.QueueConsumer.Disposition;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns intake messages {@code {"request_id", "user_id", "item_description", "item_quantity", "item_price"}}
 * into orders. A message without a readable request id cannot be settled at all: it is dead-lettered. A
 * message whose order breaks the rules, or whose user does not exist, is REJECTED with the reason. A
 * failure to reach the database fails the future, so the message is retried, not lost.
 */
final class OrderIntake {
  private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
  private final IntakeRepository repository;
  private final CacheInvalidator cache;

  OrderIntake(IntakeRepository repository, CacheInvalidator cache) {
    this.repository = repository;
    this.cache = cache;
  }

  /** From the intake queue: acknowledged once the outcome is committed. */
  Future<Disposition> onMessage(InboundMessage message) {
    JsonObject body;
    try {
      body = new JsonObject(message.body());
    } catch (DecodeException | ClassCastException e) {
      return Future.succeededFuture(Disposition.DEAD_LETTER);
    }
    UUID requestId = requestId(body);
    if (requestId == null) {
      return Future.succeededFuture(Disposition.DEAD_LETTER);
    }
    return process(requestId, body).map(outcome -> Disposition.ACK);
  }

  /** From the event-bus inbox (no RabbitMQ): answered once the outcome is committed. */
  Future<JsonObject> onRequest(JsonObject body) {
    UUID requestId = requestId(body);
    if (requestId == null) {
      return Future.failedFuture(ServiceFailure.badRequest("request_id must be a UUID"));
    }
    return process(requestId, body).map(outcome -> outcome.toJson(requestId));
  }

  private Future<IntakeRepository.Outcome> process(UUID requestId, JsonObject body) {
    NewOrder order;
    try {
      order = OrderValidator.newOrder(body);
    } catch (ServiceFailure invalid) {
      return repository.reject(requestId, invalid.detail());
    }
    return repository.store(requestId, order).compose(outcome -> {
      if ("REJECTED".equals(outcome.status())) {
        LOG.info("Intake request {} rejected: {}", requestId, outcome.reason());
        return Future.succeededFuture(outcome);
      }
      // the user's cached order list no longer holds: drop it before the order is announced
      return cache.invalidate(CacheKeys.userOrders(order.userId()))
          .compose(v -> repository.markStored(requestId))
          .map(outcome);
    });
  }

  static UUID requestId(JsonObject body) {
    if (body.getValue("request_id") instanceof String id) {
      try {
        return UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
